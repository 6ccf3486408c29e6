package dev.sekisho.web;

import dev.sekisho.apply.Nft;
import java.util.ArrayList;
import java.util.List;

/** Records every nft call; answers success unless told to fail the check ({@code -c}) run. */
final class FakeNft implements Nft {
  record Call(List<String> args, String stdin) {}

  final List<Call> calls = new ArrayList<>();
  volatile String failCheckWith;
  volatile RuntimeException explodeWith;

  @Override
  public synchronized NftResult run(List<String> args, String stdin) {
    calls.add(new Call(List.copyOf(args), stdin));
    if (explodeWith != null) {
      throw explodeWith;
    }
    if (failCheckWith != null && args.contains("-c")) {
      return new NftResult(1, "", failCheckWith);
    }
    return new NftResult(0, "", "");
  }
}
