//! A small event walker over XML text, shared by the XML readers.
//!
//! Entities other than the five predefined ones are never expanded (no DTD is
//! read), so entity-expansion bombs and external entities cannot reach files.
//! A file that declares entities of its own is refused with that reason rather
//! than indexed with its entity references left as text.

use quick_xml::events::Event;
use quick_xml::Reader;

/// One XML event, reduced to what the readers need.
pub enum XmlEvent<'a> {
    /// An element opened; `attrs` holds its attributes (local names).
    Start {
        /// Local element name.
        name: &'a str,
        /// Attributes as (local name, value).
        attrs: &'a [(String, String)],
    },
    /// Character data.
    Text(&'a str),
    /// An element closed.
    End(&'a str),
}

/// Walks `xml`, calling `on_event` for every element start, text and end.
/// Self-closing elements produce a start and an end.
pub fn walk(xml: &str, mut on_event: impl FnMut(XmlEvent<'_>)) -> Result<(), String> {
    let mut reader = Reader::from_str(xml);
    let mut attrs: Vec<(String, String)> = Vec::new();
    let mut depth: usize = 0;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("malformed XML at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::DocType(d) if d.windows(8).any(|w| w == b"<!ENTITY") => {
                return Err(
                    "XML declares its own entities (<!ENTITY> in the DOCTYPE); docsearch does not expand them"
                        .into(),
                );
            }
            Event::Start(e) => {
                depth += 1;
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                collect_attrs(&e, &mut attrs);
                on_event(XmlEvent::Start {
                    name: &name,
                    attrs: &attrs,
                });
            }
            Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                collect_attrs(&e, &mut attrs);
                on_event(XmlEvent::Start {
                    name: &name,
                    attrs: &attrs,
                });
                on_event(XmlEvent::End(&name));
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                on_event(XmlEvent::End(&name));
            }
            Event::Text(t) => match t.unescape() {
                Ok(text) => on_event(XmlEvent::Text(&text)),
                Err(_) => on_event(XmlEvent::Text(&String::from_utf8_lossy(&t))),
            },
            Event::CData(t) => on_event(XmlEvent::Text(&String::from_utf8_lossy(&t))),
            Event::Eof if depth > 0 => {
                return Err(format!(
                    "XML ends with {depth} element(s) still open (truncated file?)"
                ))
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

fn collect_attrs(e: &quick_xml::events::BytesStart<'_>, attrs: &mut Vec<(String, String)>) {
    attrs.clear();
    for attr in e.attributes().flatten() {
        let key = String::from_utf8_lossy(attr.key.local_name().as_ref()).into_owned();
        let value = match attr.unescape_value() {
            Ok(v) => v.into_owned(),
            Err(_) => String::from_utf8_lossy(&attr.value).into_owned(),
        };
        attrs.push((key, value));
    }
}

/// Value of attribute `key` in `attrs`.
pub fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Collapses runs of white space to one space and trims.
pub fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
