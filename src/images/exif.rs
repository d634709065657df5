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
    // Leniently: phones and tools write small faults (piexif, for one, a stray next-IFD link),
    // and a GPS position behind such a fault must still be seen.
    let read = ::exif::Reader::new()
        .continue_on_error(true)
        .read_from_container(&mut Cursor::new(bytes))
        .or_else(|e| e.distill_partial_result(|_| {}));
    let Ok(exif) = read else {
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
