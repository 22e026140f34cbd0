"""Photos are published without what locates their author (issue 19, item 6): resized
copies made from the pixels alone, orientation applied; originals stripped losslessly.

Each test image is made here with Pillow, carrying what a phone writes: EXIF with GPS
(51 deg 30' 4" N, 0 deg 7' 24" W), an orientation tag, the maker, a serial number; XMP;
and per format its own places (JPEG IPTC and comment, PNG tEXt/iTXt/eXIf, WebP EXIF/XMP
chunks, HEIC EXIF/XMP).
"""

from __future__ import annotations

import io
import struct

import pytest
from PIL import Image, ImageCms, PngImagePlugin

from pelican.plugins.running_diary.render import photos

SERIAL = "SN-7731-RUNNER"
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
       b'22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
       b'exif:GPSLatitude="51,30.07N"/></rdf:RDF></x:xmpmeta>')
# Bytes that would give any of it away, in any copy or stripped original.
TELLTALES = (b"Exif\x00\x00", b"ns.adobe.com", b"GPSLatitude", SERIAL.encode(), b"PhoneMaker",
             b"8BIM", b"a comment with an address", b"tEXt", b"iTXt", b"eXIf")


def exif(orientation: int = 6) -> Image.Exif:
    tags = Image.Exif()
    tags[0x0112] = orientation
    tags[0x010F] = "PhoneMaker"
    tags.get_ifd(0x8769)[0xA431] = SERIAL  # BodySerialNumber
    gps = tags.get_ifd(0x8825)
    gps.update({1: "N", 2: (51.0, 30.0, 4.0), 3: "W", 4: (0.0, 7.0, 24.0)})
    return tags


def halves(width: int = 64, height: int = 48, mode: str = "RGB") -> Image.Image:
    """Red on the left half, blue on the right: which side ends up on top shows the turn."""
    image = Image.new(mode, (width, height), (0, 0, 255, 255)[:len(mode)])
    image.paste((255, 0, 0, 255)[:len(mode)], (0, 0, width // 2, height))
    return image


def with_iptc(jpeg: bytes) -> bytes:
    """An APP13 Photoshop/IPTC segment (a caption with a place name) after SOI."""
    record = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", 14) + b"\x1c\x02\x78\x00\x0aNear home!"
    body = b"Photoshop 3.0\x00" + record
    return jpeg[:2] + b"\xff\xed" + struct.pack(">H", len(body) + 2) + body + jpeg[2:]


def make(kind: str) -> tuple[str, bytes]:
    out = io.BytesIO()
    image = halves(mode="RGBA" if kind in ("png", "webp") else "RGB")
    if kind == "jpg":
        image.save(out, "JPEG", exif=exif(), xmp=XMP, comment=b"a comment with an address",
                   icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
                   quality=95)
        return "finish.jpg", with_iptc(out.getvalue())
    if kind == "png":
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "a comment with an address")
        info.add_itxt("XML:com.adobe.xmp", XMP.decode())
        image.save(out, "PNG", pnginfo=info, exif=exif())
        return "chart.png", out.getvalue()
    if kind == "webp":
        image.save(out, "WEBP", exif=exif(), xmp=XMP, lossless=True)
        return "track.webp", out.getvalue()
    image.save(out, "HEIF", exif=exif().tobytes(), xmp=XMP, quality=90)
    return "phone.heic", out.getvalue()


KINDS = ["jpg", "png", "webp", "heic"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_test_image_carries_what_a_phone_writes(kind):
    # The fixture must hold the metadata, or the tests below could not fail.
    name, data = make(kind)
    image = Image.open(io.BytesIO(data))
    tags = image.getexif()
    assert tags.get_ifd(0x8825)[2] == (51.0, 30.0, 4.0)
    assert tags.get_ifd(0x8769)[0xA431] == SERIAL
    assert b"GPSLatitude" in data or b"GPSLatitude" in str(image.info.get("xmp", "")).encode()


def no_metadata(data: bytes, *, icc_kept: bool = False) -> None:
    """Nothing but pixels (and, in a stripped original, its colour profile)."""
    image = Image.open(io.BytesIO(data))
    assert not image.getexif(), "EXIF left in"
    keys = ("exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "Comment",
            *(() if icc_kept else ("icc_profile",)))
    assert not [key for key in keys if key in image.info]
    found = [t for t in TELLTALES if t in data]
    assert not found, f"left in: {found}"


@pytest.mark.parametrize("kind", KINDS)
def test_copies_have_no_metadata_and_stand_the_right_way_up(kind):
    name, data = make(kind)
    photo = photos.plan(data, name, (16, 32, 2000))
    # 64 x 48 stored, orientation 6 (turn a quarter clockwise to show): 48 x 64 shown.
    # Widths under 48, then 48 itself (2000 would upscale): 16 x 21.33 -> 21, 32 x 42.67 -> 43.
    assert (photo.width, photo.height) == (48, 64)
    assert [(v.width, v.height) for v in photo.variants] == [(16, 21), (32, 43), (48, 64)]
    copies = photos.render(data, photo)
    suffix = {"jpg": ".jpg", "heic": ".jpg", "png": ".png", "webp": ".webp"}[kind]
    assert list(copies) == [f"{name.rsplit('.', 1)[0]}-{w}w{suffix}" for w in (16, 32, 48)]
    for variant in photo.variants:
        encoded = copies[variant.name]
        no_metadata(encoded)
        shown = Image.open(io.BytesIO(encoded)).convert("RGB")
        assert shown.size == (variant.width, variant.height)
        # The stored left half (red) is on top once turned; blue at the bottom.
        top, bottom = shown.getpixel((variant.width // 2, 1)), shown.getpixel((variant.width // 2, variant.height - 2))
        assert top[0] > 200 and top[2] < 60, top
        assert bottom[2] > 200 and bottom[0] < 60, bottom


@pytest.mark.parametrize("kind", KINDS)
def test_copies_are_the_same_bytes_every_build(kind):
    name, data = make(kind)
    photo = photos.plan(data, name, (16, 32))
    assert photos.render(data, photo) == photos.render(data, photo)


def test_a_photo_is_never_upscaled_and_large_ones_stop_at_the_largest_width():
    big = io.BytesIO()
    Image.new("RGB", (3000, 2000), (10, 120, 10)).save(big, "JPEG")
    photo = photos.plan(big.getvalue(), "big.jpg", (480, 960, 1600))
    assert [(v.width, v.height) for v in photo.variants] == [(480, 320), (960, 640), (1600, 1067)]
    assert photo.default().width == 960 and photo.largest().width == 1600
    small = io.BytesIO()
    Image.new("RGB", (300, 200)).save(small, "PNG")
    assert [v.width for v in photos.plan(small.getvalue(), "s.png", (480, 960)).variants] == [300]


def test_an_icc_profile_is_converted_to_srgb_and_left_out():
    name, data = make("jpg")
    assert "icc_profile" in Image.open(io.BytesIO(data)).info
    copies = photos.render(data, photos.plan(data, name, (20,)))
    assert all("icc_profile" not in Image.open(io.BytesIO(c)).info for c in copies.values())


@pytest.mark.parametrize("kind", ["jpg", "png", "webp"])
def test_an_original_is_stripped_without_re_encoding(kind):
    name, data = make(kind)
    stripped = photos.strip_original(data, name)
    no_metadata(stripped, icc_kept=True)  # an original keeps its colours: ICC stays
    before, after = Image.open(io.BytesIO(data)), Image.open(io.BytesIO(stripped))
    assert after.format == before.format and after.size == before.size
    assert after.tobytes() == before.tobytes()  # the same pixels, decoded from the same data
    if kind == "jpg":
        scan = data.index(b"\xff\xda")
        assert stripped.endswith(data[scan:])  # the coded image itself, byte for byte
        assert stripped[2:4] == b"\xff\xe0" or b"JFIF" not in data  # JFIF kept


def test_a_heic_original_is_refused_by_name():
    name, data = make("heic")
    with pytest.raises(photos.PhotoError, match="a HEIC original cannot be stripped"):
        photos.strip_original(data, name)


@pytest.mark.parametrize("data, says", [
    (b"not an image at all", "cannot be read as an image"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "cannot be read as an image"),
])
def test_an_unreadable_image_is_a_named_problem(data, says):
    with pytest.raises(photos.PhotoError, match=says):
        photos.plan(data, "bad.png", (480,))


def test_an_image_under_another_name_is_refused():
    _, data = make("png")
    with pytest.raises(photos.PhotoError, match=r"named \.jpg but holds PNG image data"):
        photos.plan(data, "fake.jpg", (480,))


@pytest.mark.slow
def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    # A 20,000 x 20,000 PNG (400 megapixels) of one colour is a few hundred KB.
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, "PNG")
    assert len(out.getvalue()) < 1_000_000
    with pytest.raises(photos.PhotoError, match="megapixels"):
        photos.plan(out.getvalue(), "bomb.png", (480,))


def test_img_tags_get_srcset_sizes_and_their_size():
    photo = photos.Photo("finish.jpg", "JPEG", 2000, 1500, (
        photos.Variant("finish-480w.jpg", 480, 360), photos.Variant("finish-960w.jpg", 960, 720),
        photos.Variant("finish-1600w.jpg", 1600, 1200)))
    page = ('<p><img alt="Tom &amp; me" src="../../images/finish.jpg" class="wide"/> '
            '<img src="../../images/other.gif" alt="x"></p>')
    out = photos.rewrite_images(page, lambda src: photo if src.endswith("/finish.jpg") else None)
    assert out == (
        '<p><img alt="Tom &amp; me" class="wide" src="../../images/finish-960w.jpg" '
        'srcset="../../images/finish-480w.jpg 480w, ../../images/finish-960w.jpg 960w, '
        '../../images/finish-1600w.jpg 1600w" sizes="(max-width: 42rem) calc(100vw - 2rem), 40rem" '
        'width="960" height="720" loading="lazy" decoding="async"> '
        '<img src="../../images/other.gif" alt="x"></p>')
    feed = '&lt;img alt="Tom" src="https://jo.example/images/finish.jpg" /&gt;'
    assert photos.replace_sources(feed, lambda src: photo if src.endswith("/finish.jpg") else None) \
        == '&lt;img alt="Tom" src="https://jo.example/images/finish-1600w.jpg" /&gt;'


@pytest.mark.slow
def test_a_large_turned_jpeg_decoded_at_a_smaller_scale_still_gives_exact_copies():
    # 3,200 x 2,400 stored, orientation 6: 2,400 x 3,200 shown. The largest copy (1,600 px
    # wide, 2,133 high) lets the JPEG be decoded at half scale (1,600 x 1,200 stored).
    out = io.BytesIO()
    halves(3200, 2400).save(out, "JPEG", exif=exif(6), quality=90)
    data = out.getvalue()
    photo = photos.plan(data, "big.jpg", (480, 960, 1600))
    # 480 x 3200/2400 = 640; 960 -> 1280; 1600 -> 2133.3 -> 2133
    assert [(v.width, v.height) for v in photo.variants] == [(480, 640), (960, 1280), (1600, 2133)]
    for variant in photo.variants:
        shown = Image.open(io.BytesIO(photos.render(data, photo)[variant.name]))
        assert shown.size == (variant.width, variant.height)
        assert shown.getpixel((variant.width // 2, 2))[0] > 200  # red, the stored left, on top
