package io.thumbnailworker.backend;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/** One HTTP call of a contract: method, path below API_BASE_URL, and JSON body ({@code null} for none). */
public record ApiCall(HttpMethod method, String path, JsonObject body) {
  public static ApiCall post(String path, JsonObject body) {
    return new ApiCall(HttpMethod.POST, path, body);
  }

  /** "POST /path", as error messages and logs name the call. */
  @Override
  public String toString() {
    return method.name() + " " + path;
  }
}
