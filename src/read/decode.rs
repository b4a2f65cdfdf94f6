//! Bytes to text: UTF-8, Windows-1252, and UTF-8 that was encoded twice.

/// Text decoded from a file, with a warning when it was not plain UTF-8.
pub struct Decoded {
    /// The text.
    pub text: String,
    /// What was done to make it readable, if anything.
    pub warning: Option<String>,
}

/// Decodes file bytes to text.
///
/// UTF-8 is taken as is (a byte-order mark is dropped). Bytes that are not valid
/// UTF-8 are read as Windows-1252, the usual encoding of Dutch office exports.
/// UTF-8 that was decoded as Latin-1 and encoded again ("cliÃ«nten") is repaired.
pub fn decode(bytes: &[u8]) -> Decoded {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => match repair_double_utf8(text) {
            Some(fixed) => Decoded {
                text: fixed,
                warning: Some("text was UTF-8 encoded twice; repaired".into()),
            },
            None => Decoded {
                text: text.to_owned(),
                warning: None,
            },
        },
        Err(_) => {
            // A file pasted together from UTF-8 and Windows-1252 parts keeps its
            // UTF-8 characters; only the bytes that are not UTF-8 are read as 1252.
            let mixed = bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii());
            if mixed {
                let mut text = String::with_capacity(bytes.len());
                let mut invalid = 0;
                for chunk in bytes.utf8_chunks() {
                    text.push_str(chunk.valid());
                    invalid += chunk.invalid().len();
                    let (part, _, _) = encoding_rs::WINDOWS_1252.decode(chunk.invalid());
                    text.push_str(&part);
                }
                return Decoded {
                    text,
                    warning: Some(format!(
                        "mixed encodings: UTF-8 with {invalid} bytes that are not; those decoded as Windows-1252"
                    )),
                };
            }
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Decoded {
                text: text.into_owned(),
                warning: Some("not UTF-8; decoded as Windows-1252".into()),
            }
        }
    }
}

/// Detects "Ã«"-style mojibake and undoes it when the whole text round-trips.
fn repair_double_utf8(text: &str) -> Option<String> {
    // Double encoding turns every accented letter into 'Ã' or 'Â' followed by a
    // character in U+0080..U+00BF. Require several such pairs before trying.
    let mut pairs = 0;
    let mut prev = ' ';
    for c in text.chars() {
        if matches!(prev, 'Ã' | 'Â') && ('\u{80}'..='\u{BF}').contains(&c) {
            pairs += 1;
        }
        prev = c;
    }
    if pairs < 2 {
        return None;
    }
    let mut bytes = Vec::with_capacity(text.len());
    for c in text.chars() {
        let code = c as u32;
        if code <= 0xFF {
            bytes.push(code as u8);
        } else {
            // Windows-1252 specials (€, ’, “ ...) map back to their byte.
            let mut buf = [0u8; 4];
            let s = c.encode_utf8(&mut buf);
            let (encoded, _, unmappable) = encoding_rs::WINDOWS_1252.encode(s);
            if unmappable {
                return None;
            }
            bytes.extend_from_slice(&encoded);
        }
    }
    let fixed = String::from_utf8(bytes).ok()?;
    Some(fixed.strip_prefix('\u{FEFF}').unwrap_or(&fixed).to_owned())
}

/// Returns the part of an XML file from its first `<?xml` or `<`, skipping junk
/// bytes some exports put in front of the declaration.
pub fn xml_start(text: &str) -> &str {
    match text.find("<?xml").or_else(|| text.find('<')) {
        Some(i) => &text[i..],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through() {
        let d = decode("strategieën".as_bytes());
        assert_eq!(d.text, "strategieën");
        assert!(d.warning.is_none());
    }

    #[test]
    fn windows_1252_is_decoded_with_warning() {
        let d = decode(b"co\xf6rdinatie \x80 5");
        assert_eq!(d.text, "coördinatie € 5");
        assert!(d.warning.unwrap().contains("Windows-1252"));
    }

    #[test]
    fn double_encoded_utf8_is_repaired() {
        let d = decode("ggz-cliÃ«nten en patiÃ«nten".as_bytes());
        assert_eq!(d.text, "ggz-cliënten en patiënten");
        assert!(d.warning.is_some());
    }

    #[test]
    fn junk_before_xml_declaration_is_skipped() {
        assert_eq!(
            xml_start("ï»¿\n<?xml version=\"1.0\"?><a/>"),
            "<?xml version=\"1.0\"?><a/>"
        );
    }

    #[test]
    fn mixed_encodings_keep_their_utf8() {
        let mut bytes = "coördinatie en ".as_bytes().to_vec();
        bytes.extend_from_slice(b"be\xefnvloeden");
        let d = decode(&bytes);
        assert_eq!(d.text, "coördinatie en beïnvloeden");
        assert!(d.warning.unwrap().starts_with("mixed encodings"));
    }
}
