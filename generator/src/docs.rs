//! Turns spec descriptions (CommonMark written for web renderers) into rustdoc that builds
//! without warnings: code fences become `text` so rustdoc does not compile them as doctests,
//! bare URLs get angle brackets, and brackets and angle brackets that rustdoc would read as
//! intra-doc links or HTML tags are escaped.

/// Cleans one description for use in `#[doc = ...]`.
pub fn rustdoc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_fence: Option<String> = None;
    // Indent of the text of the list item being continued, so its wrapped lines stay in it.
    let mut list_indent: Option<usize> = None;
    let text = text.replace('\t', "    ");
    // Inside an indented code block (four spaces after a blank line, outside a list), which
    // becomes a `text` fence so it stays code without being compiled as a doctest.
    let mut indented: Option<Vec<&str>> = None;
    let mut blank_before = true;
    // The list item the text was in before the last blank line: an indented line after it
    // continues the item rather than starting code.
    let mut list_before_blank: Option<usize> = None;
    for line in text.trim_end().lines() {
        let blank = line.trim().is_empty();
        if blank {
            list_before_blank = list_indent.or(list_before_blank);
        }
        if let Some(block) = &mut indented {
            if blank || line.starts_with("    ") {
                block.push(line);
                continue;
            }
            close_indented(&mut out, block);
            indented = None;
        }
        let was_blank = std::mem::replace(&mut blank_before, blank);
        let continues_item = list_before_blank.is_some_and(|indent| line.len() - line.trim_start().len() >= indent);
        if !blank && !continues_item {
            list_before_blank = None;
        }
        if in_fence.is_none()
            && list_indent.is_none()
            && was_blank
            && !blank
            && !continues_item
            && line.starts_with("    ")
        {
            let trimmed = line.trim_start();
            if fence_marker(trimmed).is_none() && list_marker(trimmed).is_none() {
                indented = Some(vec![line]);
                continue;
            }
        }
        if blank && in_fence.is_none() {
            list_indent = None;
            out.push('\n');
            continue;
        }
        if in_fence.is_none() {
            let trimmed = line.trim_start();
            if let Some(marker) = list_marker(trimmed) {
                list_indent = Some(line.len() - trimmed.len() + marker);
            } else if trimmed.is_empty() {
                list_indent = None;
            } else if let Some(indent) = list_indent {
                // A wrapped line of a list item: exactly under the item's text, neither lazy
                // nor over-indented.
                out.push_str(&" ".repeat(indent));
                out.push_str(&escape_line(trimmed));
                out.push('\n');
                continue;
            } else if line.starts_with("    ") && fence_marker(trimmed).is_none() {
                // Outside a list, four spaces start an indented code block, which rustdoc
                // would compile as a doctest.
                out.push_str(&escape_line(trimmed));
                out.push('\n');
                continue;
            }
        }
        let trimmed = line.trim_start();
        let fence = fence_marker(trimmed);
        match (&in_fence, fence) {
            (None, Some(marker)) => {
                let indent = &line[..line.len() - trimmed.len()];
                out.push_str(indent);
                out.push_str(&marker);
                out.push_str("text");
                in_fence = Some(marker);
            }
            (Some(open), Some(marker)) if marker.starts_with(open.as_str()) => {
                out.push_str(line);
                in_fence = None;
            }
            (Some(_), _) => out.push_str(line),
            (None, None) => out.push_str(&escape_line(line)),
        }
        out.push('\n');
    }
    if let Some(block) = &indented {
        close_indented(&mut out, block);
    }
    if let Some(marker) = in_fence {
        out.push_str(&marker);
        out.push('\n');
    }
    out.trim_end().to_string()
}

/// Writes an indented code block as a `text` fence, without the indent its lines share; blank
/// lines it ended with go after the fence.
fn close_indented(out: &mut String, block: &[&str]) {
    let code = block.iter().rposition(|l| !l.trim().is_empty()).map_or(&[][..], |last| &block[..=last]);
    let indent = code.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min();
    out.push_str("```text\n");
    for line in code {
        out.push_str(line.get(indent.unwrap_or(0)..).unwrap_or("").trim_end());
        out.push('\n');
    }
    out.push_str("```\n");
    out.push_str(&"\n".repeat(block.len() - code.len()));
}

/// The width of a list item's marker (`- `, `* `, `12. `), when the line starts one.
fn list_marker(trimmed: &str) -> Option<usize> {
    let width = if trimmed.starts_with("- ") || trimmed.starts_with("* ") || trimmed.starts_with("+ ") {
        1
    } else {
        let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || !trimmed[digits..].starts_with(". ") {
            return None;
        }
        digits + 1
    };
    // The item's text starts after the marker and the spaces that follow it.
    let spaces = trimmed[width..].chars().take_while(|c| *c == ' ').count();
    Some(width + spaces.clamp(1, 4))
}

fn fence_marker(trimmed: &str) -> Option<String> {
    for ch in ['`', '~'] {
        let n = trimmed.chars().take_while(|&c| c == ch).count();
        if n >= 3 {
            return Some(ch.to_string().repeat(n));
        }
    }
    None
}

/// Escapes one line of prose, leaving inline code spans untouched.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        out.push_str(&escape_prose(&rest[..start]));
        let ticks = rest[start..].chars().take_while(|&c| c == '`').count();
        let marker = "`".repeat(ticks);
        let after = &rest[start + ticks..];
        match after.find(&marker) {
            Some(end) => {
                out.push_str(&rest[start..start + ticks + end + ticks]);
                rest = &after[end + ticks..];
            }
            None => {
                out.push_str(&marker);
                rest = after;
            }
        }
    }
    out.push_str(&escape_prose(rest));
    out
}

fn escape_prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < text.len() {
        let rest = &text[i..];
        if let Some(link_len) = markdown_link_len(rest) {
            out.push_str(&rest[..link_len]);
            i += link_len;
            continue;
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let len = url_len(rest);
            let already_wrapped = i > 0 && bytes[i - 1] == b'<';
            if already_wrapped {
                out.push_str(&rest[..len]);
                if rest[len..].starts_with('>') {
                    out.push('>');
                    i += 1;
                }
            } else {
                out.push('<');
                out.push_str(&rest[..len]);
                out.push('>');
            }
            i += len;
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        match c {
            '[' | ']' | '<' | '>' if is_bracket_or_html(c, rest) => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        i += c.len_utf8();
    }
    out
}

fn is_bracket_or_html(c: char, rest: &str) -> bool {
    c != '<' || !rest[1..].starts_with("http")
}

/// Length of a `[text](target)` link at the start of `s`.
fn markdown_link_len(s: &str) -> Option<usize> {
    if !s.starts_with('[') {
        return None;
    }
    let close = s.find("](")?;
    if s[1..close].contains(['[', ']']) {
        return None;
    }
    let end = s[close + 2..].find(')')?;
    Some(close + 2 + end + 1)
}

fn url_len(s: &str) -> usize {
    let end = s.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`')).unwrap_or(s.len());
    let mut url = &s[..end];
    // Trailing punctuation belongs to the sentence, not the URL.
    while let Some(last) = url.chars().last() {
        let unbalanced_paren = last == ')' && url.matches('(').count() < url.matches(')').count();
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'') || unbalanced_paren {
            url = &url[..url.len() - 1];
        } else {
            break;
        }
    }
    url.len()
}

#[cfg(test)]
mod tests {
    use super::rustdoc;

    #[test]
    fn cleans_descriptions() {
        let cases = [
            ("See https://api.incident.io/.", "See <https://api.incident.io/>."),
            ("a [link](https://x.io) here", "a [link](https://x.io) here"),
            ("list [1]", "list \\[1\\]"),
            ("Bearer <YOUR_API_KEY>", "Bearer \\<YOUR_API_KEY\\>"),
            ("`a[0] <b>` ok", "`a[0] <b>` ok"),
            ("```\ncode [x]\n```", "```text\ncode [x]\n```"),
            ("```json\n{}\n```", "```text\n{}\n```"),
            ("```\nunterminated", "```text\nunterminated\n```"),
            ("    indented", "```text\nindented\n```"),
            ("text\n    not code: no blank line before", "text\nnot code: no blank line before"),
            (
                "Find alerts:\n\n\t\tcurl --get 'x' \\\n\t\t\t--data 'a[is]=B'\n\n### By status",
                "Find alerts:\n\n```text\ncurl --get 'x' \\\n    --data 'a[is]=B'\n```\n\n### By status",
            ),
            ("first\n\t\t\nsecond", "first\n\nsecond"),
            ("- item\nwrapped", "- item\n  wrapped"),
            ("- item\n        deep", "- item\n  deep"),
            ("*   wide\nwrapped", "*   wide\n    wrapped"),
            ("10. item\n  wrapped\n\n    code", "10. item\n    wrapped\n\ncode"),
            ("a\tb", "a    b"),
            ("<https://x.io>", "<https://x.io>"),
        ];
        for (input, want) in cases {
            assert_eq!(rustdoc(input), want, "input {input:?}");
        }
    }
}
