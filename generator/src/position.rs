//! The line and column of a JSON pointer in a spec's text, so that an error found in the
//! document's meaning (after parsing, where `serde_yaml` keeps no positions) names the line an
//! editor can jump to. Only computed for an error: a spec that generates never pays for it.

use crate::Error;
use yaml_rust2::parser::{Event, Parser};

/// The 1-based line and column of the place `pointer` (`#/paths/~1pets/get`) names in `text`
/// (YAML or JSON): the key that holds it, or the start of an array item. `None` when the text
/// has no such place (a pointer into a rewritten part of the document) or does not scan.
pub fn position(text: &str, pointer: &str) -> Option<(usize, usize)> {
    find(text, pointer).map(|found| found.place)
}

/// The text of the scalar at `pointer` as written (`1.10` for `version: 1.10`, which a YAML
/// reader turns into the number 1.1), or `None` when the place holds no scalar.
pub fn scalar_text(text: &str, pointer: &str) -> Option<String> {
    find(text, pointer).and_then(|found| found.scalar)
}

/// What `find` found: where, and the scalar there, as written.
struct Found {
    place: (usize, usize),
    scalar: Option<String>,
}

fn find(text: &str, pointer: &str) -> Option<Found> {
    let target: Vec<String> = segments(pointer)?;
    if target.is_empty() {
        return Some(Found { place: (1, 1), scalar: None });
    }
    let mut parser = Parser::new_from_str(text);
    let mut open: Vec<Open> = Vec::new();
    loop {
        let (event, marker) = parser.next_token().ok()?;
        // Columns count from 0 here.
        let place = (marker.line(), marker.col() + 1);
        match event {
            Event::StreamEnd | Event::DocumentEnd => return None,
            Event::MappingEnd | Event::SequenceEnd => {
                open.pop();
                value_read(&mut open);
            }
            Event::Scalar(key, ..) if matches!(open.last(), Some(Open::Mapping { key: None })) => {
                if let Some(Open::Mapping { key: slot }) = open.last_mut() {
                    *slot = Some(key);
                }
                if at(&open, &target) {
                    let scalar = match parser.next_token() {
                        Ok((Event::Scalar(value, ..), _)) => Some(value),
                        _ => None,
                    };
                    return Some(Found { place, scalar });
                }
            }
            Event::Scalar(..) | Event::Alias(..) | Event::MappingStart(..) | Event::SequenceStart(..) => {
                if let Some(Open::Sequence { next }) = open.last_mut() {
                    *next += 1;
                    if at(&open, &target) {
                        // A block mapping starts where its first key ends (`- name:` marks the
                        // colon): its first key is where a reader looks.
                        return Some(match (event, parser.next_token()) {
                            (Event::MappingStart(..), Ok((Event::Scalar(..), key))) => {
                                Found { place: (key.line(), key.col() + 1), scalar: None }
                            }
                            (Event::Scalar(value, ..), _) => Found { place, scalar: Some(value) },
                            _ => Found { place, scalar: None },
                        });
                    }
                }
                match event {
                    Event::MappingStart(..) => open.push(Open::Mapping { key: None }),
                    Event::SequenceStart(..) => open.push(Open::Sequence { next: 0 }),
                    _ => value_read(&mut open),
                }
            }
            Event::Nothing | Event::StreamStart | Event::DocumentStart => {}
        }
    }
}

/// An open collection: a mapping and the key whose value is being read, or a sequence and the
/// number of items started in it.
enum Open {
    Mapping { key: Option<String> },
    Sequence { next: usize },
}

/// The entry being read in the innermost collection is complete: a mapping waits for its next key.
fn value_read(open: &mut [Open]) {
    if let Some(Open::Mapping { key }) = open.last_mut() {
        *key = None;
    }
}

/// Whether the node being read is the one `target` names.
fn at(open: &[Open], target: &[String]) -> bool {
    open.len() == target.len()
        && open.iter().zip(target).all(|(o, segment)| match o {
            Open::Mapping { key } => key.as_deref() == Some(segment.as_str()),
            Open::Sequence { next } => next.checked_sub(1).is_some_and(|i| i.to_string() == *segment),
        })
}

/// The decoded segments of `#/a/b~1c`, `None` when it is not a local JSON pointer.
fn segments(pointer: &str) -> Option<Vec<String>> {
    let rest = pointer.strip_prefix('#')?;
    if rest.is_empty() {
        return Some(Vec::new());
    }
    let rest = rest.strip_prefix('/')?;
    Some(rest.split('/').map(crate::lower::unescape_pointer).collect())
}

/// `error` with the line and column of its pointer, when it has none yet and `text_of` gives
/// the text of the file it names.
pub fn place<'t>(error: Error, text_of: impl FnOnce(&str) -> Option<&'t str>) -> Error {
    match error {
        Error::Spec { file, pointer, message, line: 0, .. } => {
            let (line, column) = text_of(&file).and_then(|text| position(text, &pointer)).unwrap_or((0, 0));
            Error::Spec { file, pointer, message, line, column }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::position;

    const YAML: &str = "\
openapi: 3.0.3
paths:
  /pets/{id}:
    get:
      parameters:
        - name: id
          in: path
        - name: limit
          in: query
      responses: {}
components:
  schemas:
    Pet: {type: object, properties: {name: {type: string}}}
";

    #[test]
    fn a_key_is_found_at_its_line_and_column() {
        assert_eq!(position(YAML, "#/paths/~1pets~1{id}/get"), Some((4, 5)));
        assert_eq!(position(YAML, "#/paths/~1pets~1{id}/get/responses"), Some((10, 7)));
        assert_eq!(position(YAML, "#/components/schemas/Pet"), Some((13, 5)));
        assert_eq!(position(YAML, "#"), Some((1, 1)));
    }

    #[test]
    fn array_items_and_flow_mappings_are_followed() {
        assert_eq!(position(YAML, "#/paths/~1pets~1{id}/get/parameters/1"), Some((8, 11)));
        assert_eq!(position(YAML, "#/paths/~1pets~1{id}/get/parameters/1/in"), Some((9, 11)));
        assert_eq!(position(YAML, "#/components/schemas/Pet/properties/name/type"), Some((13, 45)));
    }

    #[test]
    fn json_is_read_like_yaml() {
        let json = "{\n  \"paths\": {\n    \"/a\": {\n      \"get\": {\"responses\": {}}\n    }\n  }\n}\n";
        assert_eq!(position(json, "#/paths/~1a/get/responses"), Some((4, 15)));
    }

    #[test]
    fn a_scalar_is_read_as_written() {
        let yaml = "info:\n  version: 1.10\n  title: 2024\ntags: [3.0, {name: x}]\n";
        assert_eq!(super::scalar_text(yaml, "#/info/version").as_deref(), Some("1.10"));
        assert_eq!(super::scalar_text(yaml, "#/info/title").as_deref(), Some("2024"));
        assert_eq!(super::scalar_text(yaml, "#/tags/0").as_deref(), Some("3.0"));
        assert_eq!(super::scalar_text(yaml, "#/tags/1"), None);
        assert_eq!(super::scalar_text(yaml, "#/info"), None);
    }

    #[test]
    fn a_place_the_text_does_not_have_has_no_position() {
        assert_eq!(position(YAML, "#/paths/~1nope"), None);
        assert_eq!(position(YAML, "#/paths/~1pets~1{id}/get/parameters/7"), None);
        assert_eq!(position(YAML, "not a pointer"), None);
        assert_eq!(position("a: [", "#/a/0"), None);
    }
}
