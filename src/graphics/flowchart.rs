//! Procedure flowcharts as SVG (stub).

/// One box of a flowchart.
#[derive(Debug, Clone, Copy)]
pub struct FlowStep<'a> {
    /// Step name.
    pub name: &'a str,
    /// Who does it.
    pub actor: Option<&'a str>,
    /// Its time limit.
    pub limit: Option<&'a str>,
}

/// Drawing style.
#[derive(Debug, Clone, Copy, Default)]
pub struct FlowStyle;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A vertical flowchart of the steps.
pub fn flowchart_svg(title: &str, steps: &[FlowStep], _style: FlowStyle) -> String {
    let h = steps.len() * 90 + 10;
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 {h}" width="320" height="{h}" aria-hidden="true" focusable="false"><title>{}</title>"#,
        esc(title)
    );
    for (i, st) in steps.iter().enumerate() {
        let y = 10 + i * 90;
        s += &format!(
            r##"<rect x="10" y="{y}" width="300" height="64" rx="6" fill="#fff" stroke="#b71c1c" stroke-width="2"/><text x="160" y="{}" text-anchor="middle" font-size="16" font-weight="bold">{}</text>"##,
            y + 26,
            esc(st.name)
        );
        let sub: Vec<&str> = [st.actor, st.limit].into_iter().flatten().collect();
        s += &format!(
            r#"<text x="160" y="{}" text-anchor="middle" font-size="13">{}</text>"#,
            y + 50,
            esc(&sub.join(" · "))
        );
        if i + 1 < steps.len() {
            s += &format!(
                r##"<path d="M160 {} v20" stroke="#555" stroke-width="2" marker-end="url(#a)"/>"##,
                y + 64
            );
        }
    }
    s += r##"<defs><marker id="a" markerWidth="8" markerHeight="8" refX="4" refY="6" orient="auto"><path d="M0 0 L8 0 L4 8 z" fill="#555"/></marker></defs></svg>"##;
    s
}
