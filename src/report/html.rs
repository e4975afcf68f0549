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
svg text{font:12px system-ui,sans-serif;fill:#1f2328}svg text.on-dark{fill:#fff}\
td.l,th.l{text-align:left}td.r,th.r{text-align:right}h3{font-size:15px;margin:18px 0 6px}\
ul.legend{list-style:none;padding:0;margin:6px 0 14px;display:flex;flex-wrap:wrap;gap:4px 18px}\
ul.legend svg{display:inline;margin:0 4px 0 0;vertical-align:-1px}\
@media print{@page{margin:10mm}body{max-width:none;padding:0;font-size:10px;color:#000}\
h2{border:0;margin-top:0}h2,h3{break-after:avoid}th,td{padding:1px 4px}\
th,tr.mark td{background:none}tr.mark td{font-weight:600}p.note{margin:2px 0 6px}\
section.part~section.part{break-before:page}tr,svg,ul.legend{break-inside:avoid}\
svg{max-width:100%;height:auto;margin:4px 0 8px}}";

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

/// How a table column's cells are aligned: text left, numbers right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Text.
    Left,
    /// Numbers.
    Right,
}

/// One series of a [`Page::stacked_chart`]: a colour, a short label written on segments wide
/// enough to hold it, and a name for the legend and tooltips, so colour is never the only cue.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// The full name (legend, tooltips).
    pub name: String,
    /// A short label (a word), written on wide segments and in the legend.
    pub short: String,
    /// A fill colour, `#rrggbb`.
    pub colour: String,
}

/// One bar of a [`Page::stacked_chart`].
#[derive(Clone, Debug, PartialEq)]
pub struct StackedBar {
    /// The row's label.
    pub label: String,
    /// One part per series, in series order: positive parts stack right of zero, negative
    /// parts left of it; a zero part draws nothing.
    pub parts: Vec<f64>,
    /// The bar's total, marked with a tick and written at the bar's end (the parts' sum, for a
    /// bar that is split exactly).
    pub total: f64,
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
    /// highlighted. The first column is aligned left, the others right.
    pub fn table(&mut self, header: &[String], rows: &[(Vec<String>, bool)]) -> &mut Page {
        self.aligned_table(header, rows, &[])
    }

    /// A [`Page::table`] whose columns are aligned as `align` says, by position; columns past
    /// its end are aligned as in [`Page::table`].
    pub fn aligned_table(
        &mut self,
        header: &[String],
        rows: &[(Vec<String>, bool)],
        align: &[Align],
    ) -> &mut Page {
        let class = |i: usize| match align.get(i) {
            None => "",
            Some(Align::Left) => " class=\"l\"",
            Some(Align::Right) => " class=\"r\"",
        };
        self.body.push_str("<table>\n<tr>");
        for (i, h) in header.iter().enumerate() {
            let _ = write!(self.body, "<th{}>{}</th>", class(i), escape(h));
        }
        self.body.push_str("</tr>\n");
        for (cells, mark) in rows {
            self.body
                .push_str(if *mark { "<tr class=\"mark\">" } else { "<tr>" });
            for (i, c) in cells.iter().enumerate() {
                let _ = write!(self.body, "<td{}>{}</td>", class(i), escape(c));
            }
            self.body.push_str("</tr>\n");
        }
        self.body.push_str("</table>\n");
        self
    }

    /// A titled section (a page of its own when printed, after the first section): `build`
    /// adds its blocks.
    pub fn section(&mut self, heading: &str, build: impl FnOnce(&mut Page)) -> &mut Page {
        self.body.push_str("<section class=\"part\">\n");
        self.heading(heading);
        build(self);
        self.body.push_str("</section>\n");
        self
    }

    /// A heading within a section.
    pub fn subheading(&mut self, text: &str) -> &mut Page {
        let _ = writeln!(self.body, "<h3>{}</h3>", escape(text));
        self
    }

    /// A legend: each series' colour, short label and name.
    pub fn legend(&mut self, series: &[Series]) -> &mut Page {
        self.body.push_str("<ul class=\"legend\">");
        for s in series {
            let _ = write!(
                self.body,
                "<li><svg width=\"12\" height=\"12\" aria-hidden=\"true\">\
                 <rect width=\"12\" height=\"12\" fill=\"{}\"/></svg><b>{}</b> {}</li>",
                escape(&s.colour),
                escape(&s.short),
                escape(&s.name)
            );
        }
        self.body.push_str("</ul>\n");
        self
    }

    /// Horizontal stacked bars, one per row on a shared axis, titled `title`: each bar's parts
    /// in series colours (positive parts right of zero, negative ones left), a segment's short
    /// label on it where it fits and its series, label and value in its tooltip; the total is
    /// marked with a tick and written beside the bar.
    pub fn stacked_chart(
        &mut self,
        title: &str,
        series: &[Series],
        bars: &[StackedBar],
    ) -> &mut Page {
        let sum = |b: &StackedBar, positive: bool| -> f64 {
            b.parts.iter().filter(|v| (**v > 0.0) == positive).sum()
        };
        let max = bars
            .iter()
            .map(|b| sum(b, true).max(b.total))
            .fold(0.0, f64::max);
        let min = bars
            .iter()
            .map(|b| sum(b, false).min(b.total))
            .fold(0.0, f64::min);
        let span = if max > min { max - min } else { 1.0 };
        let x = |v: f64| LABEL_WIDTH + PLOT_WIDTH * (v - min) / span;
        self.chart_open(title, bars.len(), (min, min + span), x);
        for (i, bar) in bars.iter().enumerate() {
            let y = ROW_HEIGHT * i as f64 + 4.0;
            let height = ROW_HEIGHT - 8.0;
            label(&mut self.body, &bar.label, y + ROW_HEIGHT / 2.0 - 4.0);
            let (mut right, mut left) = (0.0, 0.0);
            for (s, &v) in series.iter().zip(&bar.parts) {
                if v == 0.0 || !v.is_finite() {
                    continue;
                }
                let (a, b) = if v > 0.0 {
                    right += v;
                    (x(right - v), x(right))
                } else {
                    left += v;
                    (x(left), x(left - v))
                };
                let width = b - a;
                let _ = write!(
                    self.body,
                    "<rect x=\"{a:.1}\" y=\"{y:.1}\" width=\"{width:.1}\" height=\"{height:.1}\" \
                     fill=\"{}\"><title>{}: {} {v:.4}</title></rect>",
                    escape(&s.colour),
                    escape(&bar.label),
                    escape(&s.name)
                );
                if width >= 6.6 * s.short.chars().count() as f64 + 6.0 {
                    let _ = write!(
                        self.body,
                        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\"{}>{}</text>",
                        (a + b) / 2.0,
                        y + height / 2.0 + 4.0,
                        if is_dark(&s.colour) {
                            " class=\"on-dark\""
                        } else {
                            ""
                        },
                        escape(&s.short)
                    );
                }
            }
            let t = x(bar.total);
            let _ = write!(
                self.body,
                "<line x1=\"{t:.1}\" x2=\"{t:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#1f2328\" \
                 stroke-width=\"2\"><title>{} {:.4}</title></line>\
                 <text x=\"{:.1}\" y=\"{:.1}\">{:.3}</text>",
                y - 2.0,
                y + height + 2.0,
                escape(&bar.label),
                bar.total,
                x(right).max(t) + 4.0,
                y + ROW_HEIGHT / 2.0,
                bar.total
            );
        }
        self.body.push_str("</svg>\n");
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

/// Whether text on `colour` (`#rrggbb`) reads better in white.
fn is_dark(colour: &str) -> bool {
    let channel = |i: usize| {
        colour
            .get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .map_or(0.0, f64::from)
    };
    0.299 * channel(1) + 0.587 * channel(3) + 0.114 * channel(5) < 150.0
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
        let series = Series {
            name: evil.into(),
            short: evil.into(),
            colour: evil.into(),
        };
        page.section(evil, |p| {
            p.subheading(evil)
                .legend(std::slice::from_ref(&series))
                .aligned_table(
                    &[evil.into()],
                    &[(vec![evil.into()], false)],
                    &[Align::Left],
                );
        });
        page.stacked_chart(
            evil,
            &[series],
            &[StackedBar {
                label: evil.into(),
                parts: vec![1.0],
                total: 1.0,
            }],
        );
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

    /// The value of attribute `name` of every `element` (such as `<rect`) in `html` whose
    /// opening tag contains `with`.
    fn attributes(html: &str, element: &str, with: &str, name: &str) -> Vec<f64> {
        html.split(element)
            .skip(1)
            .map(|e| &e[..e.find('>').unwrap()])
            .filter(|tag| tag.contains(with))
            .map(|tag| {
                let start = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
                tag[start..start + tag[start..].find('"').unwrap()]
                    .parse()
                    .unwrap()
            })
            .collect()
    }

    #[test]
    fn stacked_segments_add_up_to_the_total_on_the_axis() {
        let colour = |c: &str| Series {
            name: c.into(),
            short: c.into(),
            colour: c.into(),
        };
        let series = [colour("#000000"), colour("#ffffff"), colour("#888888")];
        let mut page = Page::new("t");
        page.stacked_chart(
            "split",
            &series,
            &[
                StackedBar {
                    label: "a".into(),
                    parts: vec![0.25, 0.5, 0.0],
                    total: 0.75,
                },
                StackedBar {
                    label: "b".into(),
                    parts: vec![0.5, -0.25, 0.0],
                    total: 0.25,
                },
            ],
        );
        let html = page.render();
        let widths = attributes(&html, "<rect", "", "width");
        let ticks = attributes(&html, "<line", "stroke-width=\"2\"", "x1");
        // The axis runs from -0.25 to 0.75 over the plot width: 0 sits a quarter in.
        let x = |v: f64| LABEL_WIDTH + PLOT_WIDTH * (v + 0.25);
        assert_eq!(widths.len(), 4, "zero parts draw nothing");
        assert!(
            (widths[0] + widths[1] - (x(0.75) - x(0.0))).abs() < 0.2,
            "{widths:?}"
        );
        assert!((ticks[0] - x(0.75)).abs() < 0.1, "{ticks:?}");
        assert!(
            (widths[2] - widths[3] - (x(0.25) - x(0.0))).abs() < 0.2,
            "{widths:?}"
        );
        assert!((ticks[1] - x(0.25)).abs() < 0.1, "{ticks:?}");
        // Short labels on wide segments, white on dark colours only.
        assert!(html.contains("class=\"on-dark\">#000000</text>"));
        assert!(!html.contains("class=\"on-dark\">#ffffff"));
        assert!(html.contains("<title>a: #ffffff 0.5000</title>"));
    }

    #[test]
    fn sections_break_pages_in_print_and_tables_align_as_asked() {
        let mut page = Page::new("t");
        page.section("one", |p| {
            p.aligned_table(
                &["n".into(), "text".into()],
                &[(vec!["1".into(), "a".into()], false)],
                &[Align::Right, Align::Left],
            );
        });
        page.section("two", |p| {
            p.table(&["x".into()], &[(vec!["y".into()], false)]);
        });
        let html = page.render();
        assert_eq!(html.matches("<section class=\"part\">\n<h2>").count(), 2);
        assert!(html.contains("<tr><td class=\"r\">1</td><td class=\"l\">a</td></tr>"));
        assert!(
            html.contains("<tr><td>y</td></tr>"),
            "plain tables stay as they were"
        );
        let print = &html[html.find("@media print").unwrap()..];
        assert!(print.contains("section.part~section.part{break-before:page}"));
    }

    #[test]
    fn heatmap_colours_run_from_red_through_white_to_blue() {
        assert_eq!(colour_of(0.0), "#ffffff");
        assert_eq!(colour_of(1.0), "#3769ff");
        assert_eq!(colour_of(-1.0), "#ff6937");
    }
}
