package io.thumbnailworker.api;

import io.thumbnailworker.api.multipart.UploadForm;

/** The display name of a new asset: the form's {@code name}, else the file name without its extension. */
final class AssetNames {
  private static final int MAX = 200;

  private AssetNames() {}

  static String name(UploadForm form, String fileName) {
    String given = form.field("name");
    if (given != null && !given.isBlank()) {
      if (given.length() > MAX) throw ApiException.badRequest("name is longer than " + MAX + " characters");
      UploadNames.refuseBidiControls("the name", given);
      return given.trim();
    }
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }
}
