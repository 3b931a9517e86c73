"""Writes the PIL LANCZOS goldens of tests/Pytti.Pipeline.Tests/Media/LanczosTests.cs.

PyTTI resizes init images, direct-loss targets and video frames with PIL's LANCZOS filter. These files are
what PIL (Debian's python3-pil) makes of a synthetic 97x61 RGB pattern (smooth ramps, a checkerboard and
fine stripes; LanczosTests.Pattern builds the same pixels) at a few sizes, so the tests compare our
resampler with PIL without Python. Rerun from the repository root:
    /usr/bin/python3 build/goldens/lanczos.py
"""
import os

from PIL import Image

WIDTH, HEIGHT = 97, 61
OUT = os.path.join("tests", "Pytti.Pipeline.Tests", "Media", "Data")
SIZES = [(40, 30), (73, 45), (150, 101), (97, 20)]   # down in both axes, mildly down, up, down in height only


def pattern_value(x, y, c):
    checker = ((x // 8 + y // 8) % 2) * 120
    stripes = 60 if (x + 2 * y) % 3 == 0 else 0
    return (x * 2 + y * 3 + c * 85 + checker + stripes) % 256


def main():
    image = Image.new("RGB", (WIDTH, HEIGHT))
    image.putdata([tuple(pattern_value(x, y, c) for c in range(3)) for y in range(HEIGHT) for x in range(WIDTH)])
    os.makedirs(OUT, exist_ok=True)
    for width, height in SIZES:
        image.resize((width, height), Image.LANCZOS).save(os.path.join(OUT, f"lanczos_{width}x{height}.png"))


if __name__ == "__main__":
    main()
