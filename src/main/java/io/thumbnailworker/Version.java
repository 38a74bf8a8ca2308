package io.thumbnailworker;

/** The build's version, from the jar manifest (or "dev" when run from classes). */
public final class Version {
  public static final String VERSION = version();

  private static String version() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private Version() {}
}
