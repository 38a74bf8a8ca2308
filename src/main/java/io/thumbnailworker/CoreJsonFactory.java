package io.thumbnailworker;

import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.core.spi.JsonFactory;
import io.vertx.core.spi.json.JsonCodec;

/**
 * Vert.x JSON through jackson-core alone. With jackson-databind on the class path (the JSON log encoder needs it)
 * Vert.x would pick its databind codec, whose start-up loads hundreds of classes (a visible part of a cold start), for
 * POJO mapping this project never uses: every JSON here is a {@code JsonObject} or {@code JsonArray}.
 */
public final class CoreJsonFactory implements JsonFactory {
  private static final JsonCodec CODEC = new JacksonCodec();

  @Override
  public int order() {
    return 0;   // ahead of Vert.x's own factory (Integer.MAX_VALUE)
  }

  @Override
  public JsonCodec codec() {
    return CODEC;
  }
}
