package dev.sekisho.apply;

import dev.sekisho.config.IpAddr;
import dev.sekisho.ruleset.RulesetCompiler;
import java.util.List;

/**
 * Puts addresses learned from DNS answers into the domain rules' sets of the loaded table, each with a timeout,
 * in one nft transaction (argument list and standard input, never a shell). Only typed addresses and generated
 * set names reach nft: no name from the network does.
 */
public final class LearnedSets {
  private final Nft nft;

  /** Sets elements through this nft. */
  public LearnedSets(Nft nft) {
    this.nft = nft;
  }

  /**
   * One change of one set.
   *
   * @param ruleId the domain rule whose set it is
   * @param address the address
   * @param timeoutSeconds how long it stays (at least 1); 0 means: remove it
   */
  public record Element(long ruleId, IpAddr address, long timeoutSeconds) {}

  /**
   * The nft script of the changes. An address is added, deleted and added again, so that an address already
   * in the set gets the new timeout (a plain add keeps the old one) and one not in it does not fail the delete;
   * a removal adds it with a short timeout first for the same reason.
   */
  static String script(List<Element> elements) {
    StringBuilder b = new StringBuilder();
    for (Element e : elements) {
      String set = RulesetCompiler.TABLE + " " + RulesetCompiler.domainSetName(e.ruleId(), e.address().ipv6());
      String a = e.address().toString();
      long t = Math.max(1, e.timeoutSeconds());
      b.append("add element ").append(set).append(" { ").append(a).append(" timeout ").append(t).append("s }\n");
      b.append("delete element ").append(set).append(" { ").append(a).append(" }\n");
      if (e.timeoutSeconds() > 0) {
        b.append("add element ").append(set).append(" { ").append(a).append(" timeout ").append(t).append("s }\n");
      }
    }
    return b.toString();
  }

  /** Applies the changes in one transaction; true when nft took them. */
  public boolean apply(List<Element> elements) {
    if (elements.isEmpty()) {
      return true;
    }
    return nft.run(List.of("-f", "-"), script(elements)).ok();
  }
}
