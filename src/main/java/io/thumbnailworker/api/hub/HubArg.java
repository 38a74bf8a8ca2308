package io.thumbnailworker.api.hub;

/**
 * The type a hub method declares for one parameter. ASP.NET Core binds each argument to its parameter's type with
 * System.Text.Json, so a string where an int is declared (or a number where a string is) is an invocation error; a
 * method declared with these types gets the same check before it runs.
 */
public enum HubArg {
  /** A 32-bit integer written as a JSON integer (not a string, not a fraction). */
  INT,
  /** A JSON string, or null. */
  STRING,
  /** Any JSON value (an object, for instance), checked by the method itself. */
  ANY;

  boolean accepts(Object value) {
    return switch (this) {
      case INT -> value instanceof Integer || (value instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE);
      case STRING -> value == null || value instanceof String;
      case ANY -> true;
    };
  }
}
