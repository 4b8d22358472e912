//! Procedure flowcharts (办理流程图) as SVG: a vertical stack of numbered boxes joined by
//! arrows, narrow enough to read on a phone and plain enough for Typst to print.

use std::fmt::Write as _;

use super::num;
use crate::escape::markup_into;

/// One box of a procedure flowchart.
///
/// Borrowed from the content model (a procedure step: 名称, 承办人, 时限) so drawing never
/// clones the site.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FlowStep<'a> {
    /// What happens in this step, e.g. `受理`; shown bold after the step number.
    pub name: &'a str,
    /// Who does it, e.g. `窗口受理员`; shown on the smaller second line.
    pub actor: Option<&'a str>,
    /// How long it may take, e.g. `1个工作日`; shown on the smaller second line.
    pub limit: Option<&'a str>,
}

/// Look of a flowchart, so a theme can match its own colours and fonts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowStyle {
    /// Colour of box borders and arrows (any SVG colour); text stays near-black for contrast.
    pub accent: String,
    /// CSS-style `font-family` list; CJK fonts first so browsers and Typst pick the same face.
    pub font_family: String,
}

impl Default for FlowStyle {
    fn default() -> Self {
        FlowStyle {
            accent: "#b71c1c".to_owned(),
            font_family:
                "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif"
                    .to_owned(),
        }
    }
}

// Layout, in viewBox units (1 unit = 1 CSS px at the natural width of 320).
const WIDTH: f64 = 320.0;
const MARGIN_X: f64 = 16.0;
const MARGIN_Y: f64 = 8.0;
const BOX_W: f64 = WIDTH - 2.0 * MARGIN_X;
const PAD_X: f64 = 12.0;
const PAD_Y: f64 = 10.0;
const RADIUS: f64 = 8.0;
const STROKE: f64 = 1.5;
const NAME_SIZE: f64 = 16.0;
const NAME_LINE: f64 = 22.0;
const NOTE_SIZE: f64 = 13.0;
const NOTE_LINE: f64 = 18.0;
const NOTE_GAP: f64 = 2.0;
const NUMBER_GAP: f64 = 6.0;
const ARROW_GAP: f64 = 28.0;
const TEXT_COLOR: &str = "#1a1a1a";
/// Share of a line's height above the baseline for a glyph centred in it (CJK em box: the
/// ideographic ascent is 0.88 em).
const ASCENT: f64 = 0.88;

/// Vertical flowchart of procedure steps as an SVG document.
///
/// Each step is a rounded box with its number and name (bold) and, when known, a smaller
/// line `承办人 · 时限`; long text wraps by estimated width and the box grows. The root carries
/// `aria-hidden="true"` because the page shows the same steps as an ordered list for screen
/// readers; `title` goes into a `<title>` element. No steps gives a tiny SVG with only the
/// title.
pub fn flowchart_svg(title: &str, steps: &[FlowStep<'_>], style: FlowStyle) -> String {
    let mut body = String::with_capacity(512 * steps.len());
    let mut y = MARGIN_Y;
    for (i, step) in steps.iter().enumerate() {
        if i > 0 {
            arrow(&mut body, y, &style.accent);
            y += ARROW_GAP;
        }
        y += step_box(&mut body, i + 1, step, y, &style.accent);
    }
    let height = if steps.is_empty() { 16.0 } else { y + MARGIN_Y };

    let mut out = String::with_capacity(body.len() + 400);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 {} {}\" \
         aria-hidden=\"true\" font-family=\"",
        num(WIDTH),
        num(height)
    );
    markup_into(&mut out, &style.font_family);
    out.push_str("\"><title>");
    markup_into(&mut out, &collapse_whitespace(title));
    out.push_str("</title>");
    out.push_str(&body);
    out.push_str("</svg>");
    out
}

/// Draws one step's box with its text at `top` and returns the box height.
fn step_box(out: &mut String, number: usize, step: &FlowStep<'_>, top: f64, accent: &str) -> f64 {
    let label = format!("{number}.");
    let text_x = MARGIN_X + PAD_X + text_width(&label, NAME_SIZE, true) + NUMBER_GAP;
    let text_w = MARGIN_X + BOX_W - PAD_X - text_x;

    let name_lines = wrap(&collapse_whitespace(step.name), text_w, NAME_SIZE, true);
    let note = note_text(step);
    let note_lines = if note.is_empty() {
        Vec::new()
    } else {
        wrap(&note, text_w, NOTE_SIZE, false)
    };

    // An empty name still gets one line, for the number.
    let name_count = name_lines.len().max(1) as f64;
    let mut height = 2.0 * PAD_Y + name_count * NAME_LINE;
    if !note_lines.is_empty() {
        height += NOTE_GAP + note_lines.len() as f64 * NOTE_LINE;
    }

    let _ = write!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" fill=\"#fff\" stroke=\"",
        num(MARGIN_X),
        num(top),
        num(BOX_W),
        num(height),
        num(RADIUS)
    );
    markup_into(out, accent);
    let _ = write!(out, "\" stroke-width=\"{}\"/>", num(STROKE));

    let mut line_top = top + PAD_Y;
    let baseline =
        |line_top: f64, size: f64, line: f64| line_top + (line - size) / 2.0 + ASCENT * size;
    text(
        out,
        MARGIN_X + PAD_X,
        baseline(line_top, NAME_SIZE, NAME_LINE),
        NAME_SIZE,
        true,
        &label,
    );
    for line in &name_lines {
        text(
            out,
            text_x,
            baseline(line_top, NAME_SIZE, NAME_LINE),
            NAME_SIZE,
            true,
            line,
        );
        line_top += NAME_LINE;
    }
    if name_lines.is_empty() {
        line_top += NAME_LINE;
    }
    line_top += NOTE_GAP;
    for line in &note_lines {
        text(
            out,
            text_x,
            baseline(line_top, NOTE_SIZE, NOTE_LINE),
            NOTE_SIZE,
            false,
            line,
        );
        line_top += NOTE_LINE;
    }
    height
}

/// The second line of a box: `actor · limit`, either alone, or nothing.
fn note_text(step: &FlowStep<'_>) -> String {
    let clean = |s: Option<&str>| s.map(collapse_whitespace).filter(|s| !s.is_empty());
    match (clean(step.actor), clean(step.limit)) {
        (Some(a), Some(l)) => format!("{a} · {l}"),
        (Some(s), None) | (None, Some(s)) => s,
        (None, None) => String::new(),
    }
}

fn text(out: &mut String, x: f64, y: f64, size: f64, bold: bool, content: &str) {
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\"{} fill=\"{TEXT_COLOR}\">",
        num(x),
        num(y),
        num(size),
        if bold { " font-weight=\"bold\"" } else { "" }
    );
    markup_into(out, content);
    out.push_str("</text>");
}

/// A downward arrow from the box ending at `from` to the next box, as one filled outline
/// (shaft and head together) rather than a marker, which usvg and print RIPs draw alike.
fn arrow(out: &mut String, from: f64, accent: &str) {
    const SHAFT_HALF: f64 = 1.0;
    const HEAD_HALF: f64 = 6.0;
    const HEAD_LEN: f64 = 9.0;
    const CLEAR: f64 = 3.0;
    let cx = WIDTH / 2.0;
    let start = from + CLEAR;
    let shaft = ARROW_GAP - 2.0 * CLEAR - HEAD_LEN + 1.0;
    let _ = write!(
        out,
        "<path d=\"M{} {}h{}v{}h{}l{} {}l{} {}h{}z\" fill=\"",
        num(cx - SHAFT_HALF),
        num(start),
        num(2.0 * SHAFT_HALF),
        num(shaft),
        num(HEAD_HALF - SHAFT_HALF),
        num(-HEAD_HALF),
        num(HEAD_LEN),
        num(-HEAD_HALF),
        num(-HEAD_LEN),
        num(HEAD_HALF - SHAFT_HALF),
    );
    markup_into(out, accent);
    out.push_str("\"/>");
}

/// Trims and turns every run of whitespace (newlines from YAML block scalars included) into
/// one space.
fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Estimated advance of one character in em: full-width (CJK, full-width punctuation) 1.0,
/// Latin about half of that. Slightly generous so real fonts never overflow the box.
fn char_em(c: char, bold: bool) -> f64 {
    let base = match c {
        ' ' => 0.3,
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '|' | '!' | '\'' | '`' => 0.3,
        'f' | 't' | 'r' | 'I' | '(' | ')' | '[' | ']' | '/' | '\\' | '-' | '"' => 0.4,
        'm' | 'w' | 'M' | 'W' | '@' | '%' => 0.9,
        'A'..='Z' => 0.7,
        c if c.is_ascii() => 0.58,
        // Combining marks and zero-width characters take no room.
        '\u{0300}'..='\u{036f}' | '\u{200b}'..='\u{200f}' | '\u{fe00}'..='\u{fe0f}' => 0.0,
        // Latin, Greek and Cyrillic letters and Latin-1 punctuation such as `·`.
        '\u{00a0}'..='\u{04ff}' => 0.65,
        // Half-width katakana and half-width forms.
        '\u{ff61}'..='\u{ffdc}' => 0.5,
        _ => 1.0,
    };
    if bold && base < 1.0 {
        base * 1.06
    } else {
        base
    }
}

fn text_width(s: &str, size: f64, bold: bool) -> f64 {
    s.chars().map(|c| char_em(c, bold)).sum::<f64>() * size
}

/// Punctuation that may not begin a line (行首禁则).
fn is_closing(c: char) -> bool {
    "，。、；：？！）》」』】〕〉’”…—%,.;:?!)]}".contains(c)
}

/// Punctuation that may not end a line (行尾禁则).
fn is_opening(c: char) -> bool {
    "（《「『【〔〈‘“([{".contains(c)
}

/// Splits `text` into unbreakable pieces: a run of ASCII (a word, a number, a URL) or a single
/// other character, with closing punctuation glued to the piece before it and opening
/// punctuation to the piece after it. `None` stands for a breakable space.
fn tokens(text: &str) -> Vec<Option<String>> {
    let mut out: Vec<Option<String>> = Vec::new();
    let mut glue_next = false;
    for c in text.chars() {
        if c == ' ' {
            if matches!(out.last(), Some(Some(_))) {
                out.push(None);
            }
            glue_next = false;
            continue;
        }
        let append = match out.last() {
            Some(Some(prev)) => {
                let prev_ascii = prev.chars().last().is_some_and(|p| p.is_ascii());
                glue_next || is_closing(c) || (c.is_ascii() && prev_ascii)
            }
            _ => false,
        };
        match out.last_mut() {
            Some(Some(prev)) if append => prev.push(c),
            _ => out.push(Some(c.to_string())),
        }
        glue_next = is_opening(c);
    }
    if matches!(out.last(), Some(None)) {
        out.pop();
    }
    out
}

/// Wraps `text` into lines no wider than `max` (estimated), breaking between CJK characters
/// and at spaces between Latin words; a piece longer than a whole line is cut anywhere.
fn wrap(text: &str, max: f64, size: f64, bold: bool) -> Vec<String> {
    let space = text_width(" ", size, bold);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_w = 0.0;
    let mut pending_space = false;
    for token in tokens(text) {
        let Some(token) = token else {
            pending_space = !line.is_empty();
            continue;
        };
        let w = text_width(&token, size, bold);
        let gap = if pending_space { space } else { 0.0 };
        pending_space = false;
        if line_w + gap + w <= max {
            if gap > 0.0 {
                line.push(' ');
            }
            line.push_str(&token);
            line_w += gap + w;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line_w = 0.0;
        }
        if w <= max {
            line.push_str(&token);
            line_w = w;
            continue;
        }
        // Too long for any line: cut it character by character.
        for c in token.chars() {
            let cw = char_em(c, bold) * size;
            if line_w + cw > max && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_w = 0.0;
            }
            line.push(c);
            line_w += cw;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step<'a>(name: &'a str, actor: Option<&'a str>, limit: Option<&'a str>) -> FlowStep<'a> {
        FlowStep { name, actor, limit }
    }

    fn four() -> Vec<FlowStep<'static>> {
        vec![
            step("申请", Some("申请人"), None),
            step("受理", Some("窗口受理员"), Some("1个工作日")),
            step("审核", None, Some("3个工作日")),
            step("办结", Some("审批科"), Some("即办")),
        ]
    }

    /// The height attribute of each box, in order.
    fn box_heights(svg: &str) -> Vec<f64> {
        svg.split("<rect ")
            .skip(1)
            .map(|r| {
                let h = &r[r.find("height=\"").unwrap() + 8..];
                h[..h.find('"').unwrap()].parse().unwrap()
            })
            .collect()
    }

    #[test]
    fn four_steps_four_boxes_three_arrows() {
        let svg = flowchart_svg("个体工商户登记流程", &four(), FlowStyle::default());
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains("viewBox=\"0 0 320 "));
        assert_eq!(svg.matches("<rect ").count(), 4);
        assert_eq!(svg.matches("<path ").count(), 3);
        assert!(svg.contains("<title>个体工商户登记流程</title>"));
        assert!(svg.contains("aria-hidden=\"true\""));
        assert!(!svg.contains("role="));
        assert!(svg.contains(">窗口受理员 · 1个工作日</text>"));
        assert!(svg.contains(">3个工作日</text>"));
        assert!(svg.contains(">4.</text>"));
        assert!(svg.contains("stroke=\"#b71c1c\""));
        // Nothing usvg draws differently from browsers.
        for bad in [
            "<style",
            "foreignObject",
            "marker",
            "dominant-baseline",
            "class=",
        ] {
            assert!(!svg.contains(bad), "{bad}");
        }
    }

    #[test]
    fn text_is_escaped() {
        let steps = [step("<script>&\"'", Some("a<b"), Some("x&y"))];
        let style = FlowStyle {
            accent: "red\"/><x".to_owned(),
            ..FlowStyle::default()
        };
        let svg = flowchart_svg("T<&>\"'", &steps, style);
        assert!(svg.contains("&lt;script&gt;&amp;&quot;&apos;"));
        assert!(svg.contains("a&lt;b · x&amp;y"));
        assert!(svg.contains("<title>T&lt;&amp;&gt;&quot;&apos;</title>"));
        assert!(svg.contains("stroke=\"red&quot;/&gt;&lt;x\""));
        assert!(!svg.contains("<script") && !svg.contains("<x"));
        // The font list's quotes are escaped too.
        assert!(svg.contains("font-family=\"&apos;Noto Sans CJK SC&apos;,"));
    }

    #[test]
    fn long_names_wrap_and_grow_the_box() {
        let long = "对申请材料进行形式审查并核对原件与复印件是否一致，必要时组织现场核查并出具核查意见书，报分管领导审批签发";
        let long60: String = long.chars().cycle().take(60).collect();
        let steps = [
            step("受理", None, None),
            step(&long60, Some("审核员"), None),
        ];
        let svg = flowchart_svg("t", &steps, FlowStyle::default());
        let h = box_heights(&svg);
        assert!(h[1] > h[0] + 2.0 * NAME_LINE, "{h:?}");
        // Every line of text stays inside the box.
        for line in svg.split("<text ").skip(1) {
            let x: f64 = line[3..].split('"').next().unwrap().parse().unwrap();
            let size: f64 = {
                let s = &line[line.find("font-size=\"").unwrap() + 11..];
                s[..s.find('"').unwrap()].parse().unwrap()
            };
            let bold = line.contains("font-weight=\"bold\"");
            let content = &line[line.find('>').unwrap() + 1..line.find("</text>").unwrap()];
            let right = x + text_width(content, size, bold);
            assert!(
                right <= MARGIN_X + BOX_W - PAD_X + 0.1,
                "{content}: {right}"
            );
        }
        // No character is lost by wrapping.
        let text: String = svg
            .split("font-weight=\"bold\" fill=\"#1a1a1a\">")
            .skip(1)
            .map(|s| &s[..s.find('<').unwrap()])
            .filter(|s| !s.ends_with('.'))
            .collect();
        assert_eq!(text, format!("受理{long60}"));
    }

    #[test]
    fn wrapping_rules() {
        // Latin words break at spaces, never inside a word that fits.
        let lines = wrap(
            "apply online at the government service portal",
            120.0,
            16.0,
            false,
        );
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(text_width(l, 16.0, false) <= 120.0);
            assert!(!l.starts_with(' ') && !l.ends_with(' '));
        }
        assert_eq!(
            lines.join(" "),
            "apply online at the government service portal"
        );
        // Closing punctuation never starts a line.
        let lines = wrap("一二三四五，六七", 80.0, 16.0, false);
        assert!(lines.iter().all(|l| !l.starts_with('，')), "{lines:?}");
        // A URL longer than the line is cut, not overflowed.
        let url = "https://zwfw.example.gov.cn/a/very/long/path/without/any/spaces";
        let lines = wrap(url, 100.0, 13.0, false);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), url);
        assert!(lines.iter().all(|l| text_width(l, 13.0, false) <= 100.0));
        assert!(wrap("", 100.0, 16.0, true).is_empty());
        assert!(wrap("   ", 100.0, 16.0, true).is_empty());
    }

    #[test]
    fn deterministic() {
        let a = flowchart_svg("流程", &four(), FlowStyle::default());
        let b = flowchart_svg("流程", &four(), FlowStyle::default());
        assert_eq!(a, b);
        // At most one decimal in every number of every attribute.
        let values = a.split("=\"").skip(1).map(|v| &v[..v.find('"').unwrap()]);
        for value in values.filter(|v| !v.contains("://")) {
            for n in value.split(|c: char| !(c.is_ascii_digit() || c == '.')) {
                if let Some((_, frac)) = n.split_once('.') {
                    assert!(frac.len() <= 1 && !frac.is_empty(), "{value}");
                }
            }
        }
    }

    #[test]
    fn empty_steps_give_a_tiny_valid_svg() {
        let svg = flowchart_svg("无流程", &[], FlowStyle::default());
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("viewBox=\"0 0 320 16\""));
        assert!(svg.contains("<title>无流程</title>"));
        assert!(!svg.contains("<rect") && !svg.contains("<path") && !svg.contains("<text"));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn odd_steps_do_not_panic() {
        let huge = "很长".repeat(5000);
        let steps = [
            step("", None, None),
            step("   ", Some(""), Some("  ")),
            step("\u{0}\u{1f}控制字符\r\n换行", Some("\t"), None),
            step(&huge, Some(&huge), Some("x")),
        ];
        let svg = flowchart_svg("", &steps, FlowStyle::default());
        assert_eq!(svg.matches("<rect ").count(), 4);
        assert!(!svg.contains('\u{0}') && !svg.contains('\u{1f}'));
        // A step with neither actor nor limit has no second line.
        let one = flowchart_svg("t", &[step("a", Some(" "), None)], FlowStyle::default());
        assert_eq!(one.matches("<text ").count(), 2);
    }
}
