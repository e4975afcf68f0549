//! Self-contained HTML pages: one file with inline CSS and inline SVG charts, no scripts and
//! no network, readable with JavaScript off. Every piece of text given is escaped.
//!
//! A [`Page`] is built from blocks (headings, paragraphs, tables, charts) and rendered once;
//! the comparison, audit and shortlist reports share it.

use std::fmt::Write as _;

/// `text` escaped for HTML text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "\
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2328;\
background:#fff;margin:0 auto;max-width:1100px;padding:24px}\
h1{font-size:22px;margin:0 0 8px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de}\
p.note{color:#57606a;margin:4px 0 12px}\
table{border-collapse:collapse;margin:8px 0 16px;font-variant-numeric:tabular-nums}\
th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:right}\
th:first-child,td:first-child{text-align:left}th{background:#f6f8fa}\
tr.mark td{background:#fff8c5}svg{display:block;margin:6px 0 18px}\
svg text{font:12px system-ui,sans-serif;fill:#1f2328}";

/// A page under construction.
#[derive(Clone, Debug, Default)]
pub struct Page {
    title: String,
    body: String,
}

/// One labelled value with an interval, for [`Page::interval_chart`].
#[derive(Clone, Debug, PartialEq)]
pub struct IntervalBar {
    /// The label.
    pub label: String,
    /// The point value.
    pub value: f64,
    /// The interval, if any.
    pub low: Option<f64>,
    /// The interval's upper end.
    pub high: Option<f64>,
    /// Drawn highlighted (a baseline).
    pub mark: bool,
}

/// Chart geometry.
const LABEL_WIDTH: f64 = 190.0;
const PLOT_WIDTH: f64 = 560.0;
const ROW_HEIGHT: f64 = 22.0;
const COLOURS: [&str; 8] = [
    "#0969da", "#bf3989", "#1a7f37", "#9a6700", "#8250df", "#cf222e", "#116329", "#57606a",
];

impl Page {
    /// An empty page titled `title`.
    pub fn new(title: &str) -> Page {
        Page {
            title: title.to_string(),
            body: String::new(),
        }
    }

    /// A section heading.
    pub fn heading(&mut self, text: &str) -> &mut Page {
        let _ = writeln!(self.body, "<h2>{}</h2>", escape(text));
        self
    }

    /// A paragraph of plain text (a note, in grey).
    pub fn note(&mut self, text: &str) -> &mut Page {
        let _ = writeln!(self.body, "<p class=\"note\">{}</p>", escape(text));
        self
    }

    /// A table: a header row, then rows of cells (plain text); rows whose flag is set are
    /// highlighted.
    pub fn table(&mut self, header: &[String], rows: &[(Vec<String>, bool)]) -> &mut Page {
        self.body.push_str("<table>\n<tr>");
        for h in header {
            let _ = write!(self.body, "<th>{}</th>", escape(h));
        }
        self.body.push_str("</tr>\n");
        for (cells, mark) in rows {
            self.body
                .push_str(if *mark { "<tr class=\"mark\">" } else { "<tr>" });
            for c in cells {
                let _ = write!(self.body, "<td>{}</td>", escape(c));
            }
            self.body.push_str("</tr>\n");
        }
        self.body.push_str("</table>\n");
        self
    }

    /// Horizontal dots with whiskers: one row per bar, on a shared axis from `min` to `max`,
    /// titled `title`.
    pub fn interval_chart(
        &mut self,
        title: &str,
        bars: &[IntervalBar],
        min: f64,
        max: f64,
    ) -> &mut Page {
        let span = if max > min { max - min } else { 1.0 };
        let x = |v: f64| LABEL_WIDTH + PLOT_WIDTH * ((v - min) / span).clamp(0.0, 1.0);
        self.chart_open(title, bars.len(), (min, max), x);
        for (i, b) in bars.iter().enumerate() {
            let y = ROW_HEIGHT * (i as f64 + 0.5);
            let colour = if b.mark { "#cf222e" } else { COLOURS[0] };
            label(&mut self.body, &b.label, y);
            if let (Some(lo), Some(hi)) = (b.low, b.high) {
                let _ = write!(
                    self.body,
                    "<line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{colour}\" stroke-width=\"2\"/>\
                     <line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{2:.1}\" y2=\"{3:.1}\" stroke=\"{colour}\"/>\
                     <line x1=\"{1:.1}\" x2=\"{1:.1}\" y1=\"{2:.1}\" y2=\"{3:.1}\" stroke=\"{colour}\"/>",
                    x(lo),
                    x(hi),
                    y - 5.0,
                    y + 5.0
                );
            }
            let _ = write!(
                self.body,
                "<circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"{colour}\"><title>{} {:.4}</title></circle>",
                x(b.value),
                escape(&b.label),
                b.value
            );
        }
        self.body.push_str("</svg>\n");
        self
    }

    /// Horizontal bars from 0 (signed values go left or right of the zero line), titled
    /// `title`; values are shown beside their bars.
    pub fn bar_chart(&mut self, title: &str, bars: &[(String, f64)]) -> &mut Page {
        let extent = bars
            .iter()
            .map(|(_, v)| v.abs())
            .fold(0.0, f64::max)
            .max(1e-9);
        let negative = bars.iter().any(|(_, v)| *v < 0.0);
        let (min, max) = if negative {
            (-extent, extent)
        } else {
            (0.0, extent)
        };
        let x = |v: f64| LABEL_WIDTH + PLOT_WIDTH * (v - min) / (max - min);
        self.chart_open(title, bars.len(), (min, max), x);
        for (i, (name, v)) in bars.iter().enumerate() {
            let y = ROW_HEIGHT * i as f64 + 4.0;
            label(&mut self.body, name, y + ROW_HEIGHT / 2.0 - 4.0);
            let (a, b) = (x(0.0).min(x(*v)), x(0.0).max(x(*v)));
            let colour = if *v < 0.0 { "#cf222e" } else { COLOURS[0] };
            let _ = write!(
                self.body,
                "<rect x=\"{a:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{colour}\"><title>{} {v:.4}</title></rect>\
                 <text x=\"{:.1}\" y=\"{:.1}\">{v:.3}</text>",
                (b - a).max(1.0),
                ROW_HEIGHT - 8.0,
                escape(name),
                b + 4.0,
                y + ROW_HEIGHT / 2.0
            );
        }
        self.body.push_str("</svg>\n");
        self
    }

    /// A square heatmap of `values[i][j]` in `[-1, 1]` (blue positive, red negative), rows
    /// and columns labelled by `labels`; `None` cells are grey.
    pub fn heatmap(
        &mut self,
        title: &str,
        labels: &[String],
        values: &[Vec<Option<f64>>],
    ) -> &mut Page {
        let cell = 64.0;
        let n = labels.len() as f64;
        let top = 28.0;
        let height = top + cell * n + 8.0;
        self.svg_open(title, height);
        for (j, l) in labels.iter().enumerate() {
            let _ = write!(
                self.body,
                "<text x=\"{:.1}\" y=\"18\" text-anchor=\"middle\">{}</text>",
                LABEL_WIDTH + cell * (j as f64 + 0.5),
                escape(&shorten(l, 10))
            );
        }
        for (i, row) in values.iter().enumerate() {
            let y = top + cell * i as f64;
            label(&mut self.body, &labels[i], y + cell / 2.0);
            for (j, v) in row.iter().enumerate() {
                let xx = LABEL_WIDTH + cell * j as f64;
                let fill = v.map_or("#d0d7de".to_string(), colour_of);
                let text = v.map_or("–".to_string(), |v| format!("{v:.2}"));
                let _ = write!(
                    self.body,
                    "<rect x=\"{xx:.1}\" y=\"{y:.1}\" width=\"{cell}\" height=\"{cell}\" fill=\"{fill}\" stroke=\"#fff\"/>\
                     <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{text}</text>",
                    xx + cell / 2.0,
                    y + cell / 2.0 + 4.0
                );
            }
        }
        self.body.push_str("</svg>\n");
        self
    }

    /// Opens a chart of `rows` bars over `range`, with its axis at the bottom.
    fn chart_open(&mut self, title: &str, rows: usize, range: (f64, f64), x: impl Fn(f64) -> f64) {
        self.svg_open(title, ROW_HEIGHT * (rows as f64 + 1.5));
        let y = ROW_HEIGHT * rows as f64 + 4.0;
        axis(&mut self.body, range.0, range.1, x, y);
    }

    fn svg_open(&mut self, title: &str, height: f64) {
        let _ = write!(
            self.body,
            "<svg role=\"img\" width=\"{:.0}\" height=\"{height:.0}\" \
             viewBox=\"0 0 {0:.0} {height:.0}\"><title>{}</title>",
            LABEL_WIDTH + PLOT_WIDTH + 60.0,
            escape(title)
        );
    }

    /// The whole page: one HTML document.
    pub fn render(&self) -> String {
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n{}</body>\n</html>\n",
            self.body,
            title = escape(&self.title)
        )
    }
}

fn label(out: &mut String, text: &str, y: f64) {
    let _ = write!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
        LABEL_WIDTH - 8.0,
        y + 4.0,
        escape(&shorten(text, 26))
    );
}

fn axis(out: &mut String, min: f64, max: f64, x: impl Fn(f64) -> f64, y: f64) {
    let _ = write!(
        out,
        "<line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#8c959f\"/>",
        x(min),
        x(max)
    );
    for i in 0..=4 {
        let v = min + (max - min) * i as f64 / 4.0;
        let _ = write!(
            out,
            "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"0\" y2=\"{y:.1}\" stroke=\"#eaeef2\"/>\
             <text x=\"{0:.1}\" y=\"{1:.1}\" text-anchor=\"middle\">{v:.2}</text>",
            x(v),
            y + 14.0
        );
    }
}

fn shorten(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(chars - 1).collect();
        s.push('…');
        s
    }
}

/// Blue for 1, white for 0, red for −1.
fn colour_of(v: f64) -> String {
    let t = v.clamp(-1.0, 1.0);
    let (r, g, b) = if t >= 0.0 {
        (255.0 - 200.0 * t, 255.0 - 150.0 * t, 255.0)
    } else {
        (255.0, 255.0 + 150.0 * t, 255.0 + 200.0 * t)
    };
    format!("#{:02x}{:02x}{:02x}", r as u8, g as u8, b as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_everywhere() {
        let evil = "<script>alert('x')</script>&\"";
        let mut page = Page::new(evil);
        page.heading(evil)
            .note(evil)
            .table(&[evil.to_string()], &[(vec![evil.to_string()], true)]);
        page.bar_chart(evil, &[(evil.to_string(), -0.5)]);
        page.interval_chart(
            evil,
            &[IntervalBar {
                label: evil.into(),
                value: 0.5,
                low: Some(0.4),
                high: Some(0.6),
                mark: false,
            }],
            0.0,
            1.0,
        );
        page.heatmap(evil, &[evil.to_string()], &[vec![Some(1.0)]]);
        let html = page.render();
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"));
        assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
        assert!(!html.contains("http"), "no address at all");
        assert!(
            !html.contains("src=") && !html.contains("href="),
            "nothing is fetched"
        );
    }

    #[test]
    fn heatmap_colours_run_from_red_through_white_to_blue() {
        assert_eq!(colour_of(0.0), "#ffffff");
        assert_eq!(colour_of(1.0), "#3769ff");
        assert_eq!(colour_of(-1.0), "#ff6937");
    }
}
