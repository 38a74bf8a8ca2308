#!/usr/bin/env bash
# Regenerates the encoded sound fixtures of SoundDecoderTest (src/test/resources/sounds): a 3 s burst at 22050 Hz,
# stereo (1 s of a 440 Hz sine at 0.5 amplitude, 1 s of silence, 1 s of the sine), as MP3, Ogg Vorbis and FLAC.
# Needs python3, lame, oggenc (vorbis-tools) and flac; the tests themselves need none of them.
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/src/test/resources/sounds"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/burst.wav" <<'PY'
import math, struct, sys, wave
rate = 22050
frames = bytearray()
for i in range(3 * rate):
    v = 0 if rate <= i < 2 * rate else int(round(0.5 * 32767 * math.sin(2 * math.pi * 440 * i / rate)))
    frames += struct.pack('<hh', v, v)
with wave.open(sys.argv[1], 'wb') as w:
    w.setnchannels(2); w.setsampwidth(2); w.setframerate(rate); w.writeframes(bytes(frames))
PY
mkdir -p "$out"
lame --quiet -b 64 "$tmp/burst.wav" "$out/burst.mp3"
oggenc --quiet -q 1 -o "$out/burst.ogg" "$tmp/burst.wav"
flac --silent --best -f -o "$out/burst.flac" "$tmp/burst.wav"
ls -l "$out"
