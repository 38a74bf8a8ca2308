package io.thumbnailworker.textures;

import java.nio.file.Path;

/** One texture of a set as a job has it: the backend's texture id, its type and channel, and its file on disk. */
public record TextureFile(long textureId, String type, String channel, Path file) {}
