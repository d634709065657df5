# The example site's two bulletin photos (issue 21), drawn for the purpose: no copyrighted images.
# One is stored as a phone stores it: sideways with EXIF orientation 6 and a GPS position.
#   python3 -m venv /tmp/pv && /tmp/pv/bin/pip install pillow piexif && /tmp/pv/bin/python scripts/example-photos.py
import pathlib, random, piexif
from PIL import Image, ImageDraw, ImageFilter
random.seed(21)

def noise(img, amount):
    n = Image.effect_noise(img.size, amount).convert("L")
    return Image.merge("RGB", [Image.blend(c, n, 0.10) for c in img.split()])

def facade(w=2400, h=1600):
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    for y in range(h):  # sky to haze
        t = y / h
        d.line([(0, y), (w, y)], fill=(int(120+90*t), int(170+60*t), int(225+20*t)))
    # trees behind
    for _ in range(60):
        x = random.randint(-100, w); r = random.randint(80, 180)
        d.ellipse([x-r, 700-r, x+r, 700+r], fill=(40+random.randint(0,30), 100+random.randint(0,40), 45))
    # building: yellow facade, red roof band, columns, windows
    d.rectangle([300, 520, 2100, 1330], fill=(236, 200, 105))
    d.rectangle([260, 470, 2140, 540], fill=(170, 50, 40))
    d.rectangle([900, 560, 1500, 660], fill=(180, 30, 30))  # sign
    d.rectangle([930, 590, 1470, 630], fill=(245, 215, 80))
    for row in range(2):
        for col in range(9):
            x = 380 + col * 190; y = 720 + row * 280
            if 1000 < x < 1400 and row == 1:
                continue
            d.rectangle([x, y, x+120, y+170], fill=(70, 95, 120))
            d.line([x+60, y, x+60, y+170], fill=(230, 230, 230), width=6)
    d.rectangle([1080, 1000, 1320, 1330], fill=(110, 70, 40))  # door
    for x in (1000, 1400):
        d.rectangle([x, 700, x+40, 1330], fill=(245, 240, 225))
    d.polygon([(0, 1330), (w, 1330), (w, h), (0, h)], fill=(150, 150, 145))  # yard
    for x in range(0, w, 160):
        d.line([(x, 1330), (x - 300, h)], fill=(135, 135, 130), width=4)
    d.rectangle([1890, 240, 1900, 520], fill=(200, 200, 200))  # flag pole
    d.rectangle([1900, 240, 2050, 340], fill=(218, 37, 29))
    d.regular_polygon((1975, 290, 30), 5, fill=(255, 205, 0))
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    return noise(img, 40)

def meeting(w=2400, h=1800):
    img = Image.new("RGB", (w, h), (225, 220, 205))
    d = ImageDraw.Draw(img)
    for y in range(0, 700):  # wall with light from the left
        d.line([(0, y), (w, y)], fill=(232 - y // 30, 226 - y // 30, 210 - y // 30))
    d.rectangle([700, 120, 1700, 420], fill=(170, 25, 30))  # banner
    d.rectangle([760, 230, 1640, 290], fill=(250, 220, 90))
    d.polygon([(0, 700), (w, 700), (w, h), (0, h)], fill=(150, 105, 70))  # floor
    d.rectangle([300, 900, 2100, 1150], fill=(105, 60, 35))  # table
    d.rectangle([300, 880, 2100, 920], fill=(230, 230, 235))  # tablecloth edge
    for i in range(7):  # people: head and shirt
        x = 420 + i * 260
        shirt = (60, 80, 130) if i % 2 else (225, 225, 215)
        d.rounded_rectangle([x - 90, 620, x + 90, 900], 40, fill=shirt)
        d.ellipse([x - 55, 470, x + 55, 600], fill=(205, 160, 125))
        d.ellipse([x - 58, 460, x + 58, 530], fill=(30, 25, 25))
    for i in range(5):  # papers on the table
        d.rectangle([500 + i * 320, 940, 640 + i * 320, 1030], fill=(248, 248, 245))
    img = img.filter(ImageFilter.GaussianBlur(1.5))
    return noise(img, 35)

def rational(v):
    return (int(round(v * 10000)), 10000)

def save(img, path, quality, exif=None):
    kw = {"quality": quality, "optimize": True}
    if exif:
        kw["exif"] = exif
    img.save(path, "JPEG", **kw)

base = str(pathlib.Path(__file__).resolve().parent.parent / "content/static/anh-bai-viet") + "/"
save(facade(), base + "tru-so-chi-cuc-dai-tu.jpg", 89,
     piexif.dump({"0th": {piexif.ImageIFD.Make: b"Samsung", piexif.ImageIFD.Model: b"Galaxy A54"}}))
# The hand-over photo as a phone stores it: sensor landscape, turned by the Orientation tag
# (6 = rotate 90 degrees clockwise to show), with the GPS position of the house.
upright = meeting()
stored = upright.transpose(Image.Transpose.ROTATE_90)  # counter-clockwise: 6 turns it back
gps = {piexif.GPSIFD.GPSLatitudeRef: b"N", piexif.GPSIFD.GPSLatitude: (rational(21), rational(37), rational(45.12)),
       piexif.GPSIFD.GPSLongitudeRef: b"E", piexif.GPSIFD.GPSLongitude: (rational(105), rational(38), rational(12.5))}
save(stored, base + "ban-giao-tai-san-hung-son.jpg", 89,
     piexif.dump({"0th": {piexif.ImageIFD.Make: b"Xiaomi", piexif.ImageIFD.Model: b"Redmi Note 12",
                          piexif.ImageIFD.Orientation: 6}, "GPS": gps}))
