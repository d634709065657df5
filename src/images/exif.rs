//! What the EXIF block of a photo says that bantin acts on: how to turn it upright, and whether
//! it tells where it was taken.

use std::io::Cursor;

/// The EXIF facts bantin uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    /// 1–8 as EXIF numbers them; 1 (as stored) when absent or out of range.
    pub orientation: u8,
    /// A latitude or longitude is present.
    pub gps: bool,
}

/// The EXIF facts of a JPEG, PNG or WebP. A missing or broken EXIF block is no EXIF: the photo
/// is shown as stored (the derived files never carry EXIF anyway).
pub fn read(bytes: &[u8]) -> Meta {
    let Ok(exif) = ::exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) else {
        return Meta {
            orientation: 1,
            gps: false,
        };
    };
    let orientation = exif
        .get_field(::exif::Tag::Orientation, ::exif::In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .and_then(|v| u8::try_from(v).ok())
        .filter(|v| (1..=8).contains(v))
        .unwrap_or(1);
    let gps = exif
        .fields()
        .any(|f| matches!(f.tag, ::exif::Tag::GPSLatitude | ::exif::Tag::GPSLongitude));
    Meta { orientation, gps }
}
