package dev.sekisho.capture;

/**
 * What a capture thread reads frames from: a libpcap handle ({@link PcapSource}) on the appliance, a scripted
 * source in tests of the threads themselves (e.g. one that runs out of memory). The methods are
 * {@link PcapSource}'s; see there.
 */
interface PacketSource extends AutoCloseable {
  int linkType();

  boolean run(int maxPackets, PcapSource.Sink sink) throws CaptureException;

  void nonBlocking() throws CaptureException;

  int dispatch(int maxPackets, PcapSource.Sink sink) throws CaptureException;

  void wake();

  KernelStats stats();

  @Override
  void close();

  /** Opens a live source on a device (an interface, or {@code nflog:<group>}). */
  @FunctionalInterface
  interface Opener {
    PacketSource open(String device, int snaplen, int bufferBytes, String filter) throws CaptureException;
  }
}
