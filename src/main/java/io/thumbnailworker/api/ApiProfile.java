package io.thumbnailworker.api;

import java.util.Locale;

/**
 * Which wire contracts the reference server speaks: the spec contract (design §2), Modelibr's (docs/modelibr.md), or
 * both at once over the one job queue and database.
 */
public enum ApiProfile {
  SPEC, MODELIBR, BOTH;

  public boolean speaksSpec() {
    return this != MODELIBR;
  }

  public boolean speaksModelibr() {
    return this != SPEC;
  }

  /** The name on the command line and in {@code GET /server-info}: {@code spec}, {@code modelibr} or {@code both}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code spec|modelibr|both}, case-insensitively. */
  public static ApiProfile parse(String s) {
    for (ApiProfile p : values()) if (p.label().equalsIgnoreCase(s == null ? "" : s.trim())) return p;
    throw new IllegalArgumentException("profile must be spec, modelibr or both, got '" + s + "'");
  }
}
