//! Builds the full skill taxonomy from the hand-curated list and three public sources.
//!
//! [`build`] reads, under the shared data folder (see its `SOURCES.md`):
//!
//! - [`LINGUIST_FILE`]: GitHub linguist's `languages.yml` (MIT). Every language of
//!   `type: programming`, plus a few markup/data ones that engineers list as skills (HTML, CSS,
//!   SQL, JSON, YAML, ...). Canonical name: the linguist name, lower case, spaces as `-`; aliases
//!   from its `aliases:` list. A language whose `group:` is another language (`TSX` in
//!   `TypeScript`, `Python console` in `Python`) becomes an alias of that language, as linguist
//!   itself counts it.
//! - [`ONET_FILE`]: O*NET technology skills ("O*NET, USDOL/ETA", CC BY 4.0). The `Example`
//!   technologies of software, data and security occupations (`ONET_OCCUPATIONS`) in technical
//!   commodity classes (`ONET_CLASSES`), with vendor noise (`Apache`, `Microsoft`, ...) and
//!   spelled-out acronyms (`Structured query language SQL`) folded, and generic descriptions
//!   (`Unit testing software`) dropped.
//! - [`ESCO_FILE`]: ESCO v1.2.0 digital skills ("ESCO, European Commission"). Knowledge
//!   concepts whose label is a short proper name (`PostgreSQL`, `Unreal Engine`), plus an
//!   allow-list of field concepts (`ESCO_CONCEPTS`: machine learning, blockchain, ...).
//!
//! Precedence is curated, linguist, O*NET, ESCO: an entry whose name (for O*NET also its name
//! without vendor or trailing `Server`/`CI`/..., for ESCO also one of its alternative labels)
//! already names a skill is merged into it, adding its other names as aliases where they are
//! free; the first entry keeps its name and category. An alias that would name two skills is
//! dropped, never an error. The `source` column lists every contributor
//! (`curated+linguist+esco`). Curated entries come first in curated order, the rest sorted by
//! name, so a rerun is byte-identical.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::taxonomy::{normalize, Category, Taxonomy};
use crate::error::{Error, Result};

/// GitHub linguist's language list, relative to the shared data folder.
pub const LINGUIST_FILE: &str = "taxonomy/linguist/languages.yml";

/// O*NET's technology skills (tab-separated), relative to the shared data folder.
pub const ONET_FILE: &str = "taxonomy/onet/technology_skills.txt";

/// ESCO's digital skills collection (CSV), relative to the shared data folder.
pub const ESCO_FILE: &str = "taxonomy/esco/digitalSkillsCollection_en.csv";

/// The taxonomy CSV header, as [`Taxonomy::from_csv`] reads it.
const HEADER: [&str; 6] = [
    "skill", "category", "aliases", "implies", "related", "source",
];

/// The name the generated text is checked under.
const OUTPUT_NAME: &str = "taxonomy.generated.csv";

/// Builds the full taxonomy CSV text (header included) from `curated_csv` and the public
/// sources under `shared_data` (the folder holding `taxonomy/linguist`, `taxonomy/onet` and
/// `taxonomy/esco`).
///
/// The result loads with [`Taxonomy::from_csv`] (checked before returning) and is the same,
/// byte for byte, for the same inputs.
///
/// # Errors
/// [`Error::Io`] with the path when a source file is missing or unreadable; [`Error::Parse`]
/// naming the file and line when a source line is malformed; [`Error::Row`] when
/// `curated_csv` is not a valid taxonomy on its own.
pub fn build(shared_data: &Path, curated_csv: &str) -> Result<String> {
    let read = |rel: &str| {
        let path = shared_data.join(rel);
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        Ok::<_, Error>((path.display().to_string(), text))
    };
    let (linguist_file, linguist_text) = read(LINGUIST_FILE)?;
    let (onet_file, onet_text) = read(ONET_FILE)?;
    let (esco_file, esco_text) = read(ESCO_FILE)?;
    let languages = parse_linguist(&linguist_text, &linguist_file)?;
    let onet = parse_onet(&onet_text, &onet_file)?;
    let esco = parse_esco(&esco_text, &esco_file)?;

    let mut builder = Builder::default();
    builder.add_curated(curated_csv)?;
    add_linguist(&mut builder, &languages);
    for candidate in onet_candidates(&onet) {
        builder.offer(candidate);
    }
    for candidate in esco_candidates(&esco) {
        builder.offer(candidate);
    }
    let text = builder.into_csv()?;
    Taxonomy::from_csv(&text, OUTPUT_NAME)?;
    Ok(text)
}

// ---------------------------------------------------------------------------------------------
// Merging

/// Where an entry came from, in precedence order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    Curated,
    Linguist,
    Onet,
    Esco,
}

impl Source {
    const ALL: [Source; 4] = [
        Source::Curated,
        Source::Linguist,
        Source::Onet,
        Source::Esco,
    ];

    fn name(self) -> &'static str {
        match self {
            Source::Curated => "curated",
            Source::Linguist => "linguist",
            Source::Onet => "onet",
            Source::Esco => "esco",
        }
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// One output row in the making.
#[derive(Debug)]
struct Draft {
    name: String,
    category: Category,
    aliases: Vec<String>,
    implies: String,
    related: String,
    /// [`Source::bit`]s of every contributor.
    sources: u8,
}

/// A skill offered by a public source.
#[derive(Clone, Debug, PartialEq)]
struct Candidate {
    /// Names, best first: the first is the canonical name of a new entry.
    names: Vec<String>,
    /// Other names, looked up after `names` when finding an entry to merge into.
    aliases: Vec<String>,
    /// Spellings used only to find an entry to merge into, never added as aliases.
    probes: Vec<String>,
    category: Category,
    source: Source,
}

/// The taxonomy under construction: rows and the lookup key of every name and alias.
#[derive(Debug, Default)]
struct Builder {
    drafts: Vec<Draft>,
    keys: HashMap<String, usize>,
    curated: usize,
}

impl Builder {
    /// Takes the curated rows verbatim (after checking they form a valid taxonomy).
    fn add_curated(&mut self, curated_csv: &str) -> Result<()> {
        let file = "curated.csv";
        Taxonomy::from_csv(curated_csv, file)?;
        let mut reader = csv::ReaderBuilder::new().from_reader(curated_csv.as_bytes());
        for record in reader.records() {
            let record = record.map_err(|e| Error::parse(file, e))?;
            let get = |i: usize| record.get(i).unwrap_or("").trim().to_string();
            let name = get(0);
            let id = self.drafts.len();
            let aliases: Vec<String> = get(2)
                .split(';')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect();
            for key in std::iter::once(&name).chain(&aliases) {
                self.keys.insert(normalize(key), id);
            }
            self.drafts.push(Draft {
                category: get(1).parse().map_err(|e| Error::parse(file, e))?,
                name,
                aliases,
                implies: get(3),
                related: get(4),
                sources: Source::Curated.bit(),
            });
        }
        self.curated = self.drafts.len();
        Ok(())
    }

    fn find(&self, raw: &str) -> Option<usize> {
        self.keys.get(&normalize(raw)).copied()
    }

    /// Adds an alias to an entry unless its key is too short or already taken.
    fn add_alias(&mut self, id: usize, raw: &str) {
        let Some(alias) = clean_alias(raw) else {
            return;
        };
        let key = normalize(&alias);
        if key.chars().count() < 2 || self.keys.contains_key(&key) {
            return;
        }
        self.keys.insert(key, id);
        self.drafts[id].aliases.push(alias);
    }

    /// Merges a candidate into the entry one of its names already resolves to, or adds it.
    /// Returns the entry's index, or `None` when the candidate has no usable name.
    fn offer(&mut self, candidate: Candidate) -> Option<usize> {
        // Only ESCO's alternative labels, already filtered to spellings of the label, are
        // trusted to find an entry: linguist's and O*NET's extras name neighbours too (`Jinja`
        // lists `django`).
        let by_alias = candidate.source == Source::Esco;
        let found = (candidate.names.iter())
            .chain(&candidate.probes)
            .chain(candidate.aliases.iter().filter(|_| by_alias))
            .find_map(|n| self.find(n));
        let id = match found {
            Some(id) => id,
            None => {
                let name = slug(candidate.names.first()?);
                let key = normalize(&name);
                if key.is_empty() {
                    return None;
                }
                self.keys.insert(key, self.drafts.len());
                self.drafts.push(Draft {
                    name,
                    category: candidate.category,
                    aliases: Vec::new(),
                    implies: String::new(),
                    related: String::new(),
                    sources: 0,
                });
                self.drafts.len() - 1
            }
        };
        self.merge_into(id, &candidate);
        Some(id)
    }

    /// Records a candidate as a contributor to an entry and adds its names as aliases.
    fn merge_into(&mut self, id: usize, candidate: &Candidate) {
        self.drafts[id].sources |= candidate.source.bit();
        for alias in candidate.names.iter().chain(&candidate.aliases) {
            self.add_alias(id, alias);
        }
    }

    /// Writes the taxonomy CSV: curated rows in curated order, then the rest by name.
    fn into_csv(self) -> Result<String> {
        let mut drafts = self.drafts;
        drafts[self.curated..].sort_by(|a, b| a.name.cmp(&b.name));
        let mut writer = csv::Writer::from_writer(Vec::new());
        let err = |e: &dyn std::fmt::Display| Error::parse(OUTPUT_NAME, e);
        writer.write_record(HEADER).map_err(|e| err(&e))?;
        for d in &drafts {
            let sources: Vec<&str> = (Source::ALL.iter())
                .filter(|s| d.sources & s.bit() != 0)
                .map(|s| s.name())
                .collect();
            let row = [
                d.name.as_str(),
                d.category.name(),
                &d.aliases.join(";"),
                &d.implies,
                &d.related,
                &sources.join("+"),
            ];
            writer.write_record(row).map_err(|e| err(&e))?;
        }
        let bytes = writer.into_inner().map_err(|e| err(&e))?;
        String::from_utf8(bytes).map_err(|e| err(&e))
    }
}

/// Lower case, trimmed, inner whitespace collapsed; `None` for names that cannot sit in a
/// `;`-separated list.
fn clean_alias(raw: &str) -> Option<String> {
    let alias = raw
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    (!alias.is_empty() && !alias.contains([';', ','])).then_some(alias)
}

/// A canonical name: lower case, words joined by `-`.
fn slug(raw: &str) -> String {
    let words: Vec<String> = raw
        .split_whitespace()
        .map(|w| w.replace([';', ','], "").to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    words.join("-")
}

/// The initials of a phrase's words, lower case (`unified modelling language` → `uml`).
fn initials(words: &[&str]) -> String {
    words
        .iter()
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_lowercase)
        .collect()
}

/// [`initials`] of owned words.
fn initials_of(words: &[String]) -> String {
    words
        .iter()
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_lowercase)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// GitHub linguist

/// One top-level entry of linguist's `languages.yml`.
#[derive(Clone, Debug, PartialEq)]
struct Language {
    name: String,
    /// 1-based line of the `Name:` key.
    line: usize,
    /// `programming`, `markup`, `data` or `prose`.
    kind: String,
    aliases: Vec<String>,
    group: Option<String>,
}

/// Markup and data languages kept as skills, with their category.
const LINGUIST_EXTRA: &[(&str, Category)] = &[
    ("HTML", Category::Language),
    ("CSS", Category::Language),
    ("SCSS", Category::Language),
    ("Sass", Category::Language),
    ("Less", Category::Language),
    ("Stylus", Category::Language),
    ("SQL", Category::Language),
    ("SPARQL", Category::Language),
    ("GraphQL", Category::Language),
    ("JSON", Category::Language),
    ("YAML", Category::Language),
    ("XML", Category::Language),
    ("TOML", Category::Language),
    ("Markdown", Category::Language),
    ("TeX", Category::Language),
    ("Kusto", Category::Language),
    ("Vue", Category::Framework),
    ("Svelte", Category::Framework),
    ("Astro", Category::Framework),
    ("Handlebars", Category::Framework),
    ("Pug", Category::Framework),
    ("Jinja", Category::Framework),
    ("Twig", Category::Framework),
    ("Liquid", Category::Framework),
    ("Haml", Category::Framework),
    ("Blade", Category::Framework),
    ("EJS", Category::Framework),
    ("Mustache", Category::Framework),
    ("Prisma", Category::Framework),
    ("Jupyter Notebook", Category::Tool),
    ("Gradle", Category::Tool),
    ("Nginx", Category::Tool),
    ("PlantUML", Category::Tool),
    ("Mermaid", Category::Tool),
];

/// Programming-type linguist entries that are build or tooling files rather than languages.
const LINGUIST_TOOLS: &[&str] = &[
    "Makefile",
    "CMake",
    "Meson",
    "QMake",
    "Xmake",
    "Earthly",
    "Just",
    "BitBake",
    "Singularity",
    "Inno Setup",
    "NSIS",
    "Dockerfile",
];

/// Programming-type linguist entries that are not skills (terminal transcripts) or whose name
/// is another skill's (`ECLiPSe` would take `eclipse`).
const LINGUIST_SKIP: &[&str] = &[
    "ShellSession",
    "Elvish Transcript",
    "Julia REPL",
    "Python console",
    "ECLiPSe",
];

/// Linguist aliases that name something else in a CV (`rake` is Ruby's make, `progress` a word).
/// Aliases of one or two characters (`ls`, `fb`) are dropped too.
const LINGUIST_ALIAS_SKIP: &[&str] = &[
    "inc",
    "cake",
    "cakescript",
    "rake",
    "envrc",
    "rusthon",
    "console",
    "vhs",
    "progress",
];

/// Grouped languages kept as skills of their own rather than folded into their group.
const LINGUIST_GROUP_KEEP: &[&str] = &["OpenCL", "Snakemake"];

/// Adds the linguist languages: standalone ones first, in file order, then grouped variants as
/// aliases of their group (or standalone when the group is not a kept language).
fn add_linguist(builder: &mut Builder, languages: &[Language]) {
    let mut grouped = Vec::new();
    for lang in languages {
        let name = lang.name.as_str();
        let extra = LINGUIST_EXTRA
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, c)| c);
        let category = match (lang.kind.as_str(), extra) {
            (_, Some(category)) => category,
            ("programming", None) if LINGUIST_SKIP.contains(&name) => continue,
            ("programming", None) if LINGUIST_TOOLS.contains(&name) => Category::Tool,
            ("programming", None) => Category::Language,
            _ => continue,
        };
        let aliases = (lang.aliases.iter())
            .filter(|a| a.chars().count() > 2 && !LINGUIST_ALIAS_SKIP.contains(&a.as_str()))
            .cloned()
            .collect();
        let candidate = Candidate {
            names: vec![lang.name.clone()],
            aliases,
            probes: Vec::new(),
            category,
            source: Source::Linguist,
        };
        match &lang.group {
            Some(group) if *group != lang.name && !LINGUIST_GROUP_KEEP.contains(&name) => {
                grouped.push((group.as_str(), candidate));
            }
            _ => {
                builder.offer(candidate);
            }
        }
    }
    for (group, candidate) in grouped {
        match builder.find(group) {
            Some(id) => builder.merge_into(id, &candidate),
            None => {
                builder.offer(candidate);
            }
        }
    }
}

/// Parses linguist's `languages.yml` by hand: top-level `Name:` keys at column 0 (possibly
/// quoted), indented `key: value` properties, and `- item` lines listing the values of the last
/// property with an empty value (`aliases:`). Other properties and deeper lines are skipped.
///
/// # Errors
/// [`Error::Parse`] naming `file` and the line, for a line that fits none of those shapes or a
/// language without `type:`.
fn parse_linguist(text: &str, file: &str) -> Result<Vec<Language>> {
    let mut out: Vec<Language> = Vec::new();
    let mut list_key: Option<String> = None;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim_end();
        let body = line.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') || line == "---" {
            continue;
        }
        let err = |what: &str| Error::parse(file, format!("line {n}: {what}, found {line:?}"));
        let indent = line.len() - body.len();
        if indent == 0 {
            let (name, rest) = split_key(body).ok_or_else(|| err("expected `Name:`"))?;
            if !rest.is_empty() {
                return Err(err("expected nothing after a language name"));
            }
            out.push(Language {
                name,
                line: n,
                kind: String::new(),
                aliases: Vec::new(),
                group: None,
            });
            list_key = None;
            continue;
        }
        let lang = out
            .last_mut()
            .ok_or_else(|| err("expected a language before properties"))?;
        if let Some(item) = body
            .strip_prefix("- ")
            .or(body.strip_prefix('-').filter(|r| r.is_empty()))
        {
            match list_key.as_deref() {
                Some("aliases") => lang.aliases.push(unquote(item.trim())),
                Some(_) => {}
                None => return Err(err("list item outside a list")),
            }
        } else if indent == 2 {
            let (key, value) = split_key(body).ok_or_else(|| err("expected `key: value`"))?;
            match key.as_str() {
                "type" => lang.kind = value.clone(),
                "group" => lang.group = Some(value.clone()),
                _ => {}
            }
            list_key = value.is_empty().then_some(key);
        }
    }
    if let Some(lang) = out.iter().find(|l| l.kind.is_empty()) {
        let reason = format!(
            "line {}: language {:?} has no `type:`",
            lang.line, lang.name
        );
        return Err(Error::parse(file, reason));
    }
    Ok(out)
}

/// Splits `key: value` (the key possibly quoted) into the unquoted key and value.
fn split_key(body: &str) -> Option<(String, String)> {
    let (key, rest) = match body.chars().next()? {
        quote @ ('"' | '\'') => {
            let end = closing_quote(body, quote)?;
            (unquote(&body[..=end]), &body[end + 1..])
        }
        _ => {
            let colon = body
                .match_indices(':')
                .map(|(i, _)| i)
                .find(|&i| body[i + 1..].is_empty() || body[i + 1..].starts_with(' '))?;
            (body[..colon].trim_end().to_string(), &body[colon..])
        }
    };
    let value = rest.strip_prefix(':')?.trim();
    (!key.is_empty()).then(|| (key, unquote(value)))
}

/// The byte index of the quote closing the quoted string `s` starts with.
fn closing_quote(s: &str, quote: char) -> Option<usize> {
    let mut chars = s.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            c if c == quote => {
                // `''` is an escaped quote inside a single-quoted string.
                if quote == '\'' && chars.peek().map(|&(_, c)| c) == Some('\'') {
                    chars.next();
                } else {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Removes YAML quotes (`"C#"`, `'it''s'`) and their escapes; other text is returned as is.
fn unquote(s: &str) -> String {
    let quoted = |q: char| s.len() >= 2 && s.starts_with(q) && s.ends_with(q);
    if quoted('"') {
        let mut out = String::new();
        let mut chars = s[1..s.len() - 1].chars();
        while let Some(c) = chars.next() {
            out.push(if c == '\\' {
                chars.next().unwrap_or('\\')
            } else {
                c
            });
        }
        out
    } else if quoted('\'') {
        s[1..s.len() - 1].replace("''", "'")
    } else {
        s.to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// O*NET

/// One row of O*NET's technology skills.
#[derive(Clone, Debug, PartialEq)]
struct OnetRow {
    soc: String,
    example: String,
    class: String,
    /// `Hot Technology` or `In Demand` is `Y`.
    hot: bool,
}

/// The O*NET-SOC occupations whose technologies are read: software, web, database, systems,
/// security, blockchain and data-science roles. Left out: health informatics, user and network
/// support, telecommunications, video game design, GIS, document management, forensics and IT
/// project management, whose lists are mostly end-user or domain software.
const ONET_OCCUPATIONS: &[&str] = &[
    "15-1211.00", // Computer Systems Analysts
    "15-1212.00", // Information Security Analysts
    "15-1221.00", // Computer and Information Research Scientists
    "15-1241.00", // Computer Network Architects
    "15-1242.00", // Database Administrators
    "15-1243.00", // Database Architects
    "15-1243.01", // Data Warehousing Specialists
    "15-1244.00", // Network and Computer Systems Administrators
    "15-1251.00", // Computer Programmers
    "15-1252.00", // Software Developers
    "15-1253.00", // Software Quality Assurance Analysts and Testers
    "15-1254.00", // Web Developers
    "15-1255.00", // Web and Digital Interface Designers
    "15-1299.01", // Web Administrators
    "15-1299.04", // Penetration Testers
    "15-1299.05", // Information Security Engineers
    "15-1299.07", // Blockchain Engineers
    "15-1299.08", // Computer Systems Engineers/Architects
    "15-2051.00", // Data Scientists
];

/// The O*NET commodity classes read, and the category each maps to. Office, ERP, CRM, project
/// management, e-mail, graphics, network monitoring and anti-virus classes are not read.
const ONET_CLASSES: &[(&str, Category)] = &[
    ("Data base management system software", Category::Database),
    (
        "Object oriented data base management software",
        Category::Database,
    ),
    (
        "Data base user interface and query software",
        Category::Database,
    ),
    ("Development environment software", Category::Tool),
    (
        "Object or component oriented development software",
        Category::Framework,
    ),
    ("Web platform development software", Category::Framework),
    (
        "Graphical user interface development software",
        Category::Tool,
    ),
    ("Program testing software", Category::Tool),
    ("Configuration management software", Category::Tool),
    ("File versioning software", Category::Tool),
    ("Operating system software", Category::Tool),
    ("Application server software", Category::Tool),
    ("Cloud-based management software", Category::Tool),
    ("Compiler and decompiler software", Category::Tool),
    (
        "Enterprise application integration software",
        Category::Tool,
    ),
    (
        "Business intelligence and data analysis software",
        Category::Tool,
    ),
    ("Analytical or scientific software", Category::Tool),
    ("Data mining software", Category::Tool),
    ("Expert system software", Category::Tool),
];

/// Vendor prefixes trimmed from O*NET names when what is left still names the product.
const VENDORS: &[&str] = &[
    "Amazon Web Services AWS",
    "Amazon Web Services",
    "Amazon",
    "AWS",
    "Apache",
    "Microsoft",
    "Oracle",
    "IBM",
    "Google",
    "Adobe",
    "Apple",
    "Red Hat",
    "HashiCorp",
    "Atlassian",
    "JetBrains",
    "The MathWorks",
    "MathWorks",
    "Sun Microsystems",
    "Embarcadero Technologies",
    "Embarcadero",
    "National Instruments",
    "Unity Technologies",
    "Wind River Systems",
    "Wind River",
    "SmartBear Software",
    "Hewlett-Packard HP",
    "Hewlett Packard HP",
    "Hewlett-Packard",
    "Hewlett Packard",
    "Borland",
    "Fog Creek Software",
    "BMC Software",
    "Computer Associates",
    "CA Technologies",
    "Quest",
    "Progress",
    "Symantec",
    "Informatica Corporation",
    "Qlik Tech",
    "TIBCO",
    "StataCorp",
    "Rapid-I",
    "Cloudera",
    "Canonical",
    "Grafana Labs",
    "Intel",
    "Salesforce",
    "SAP",
    "OpenAI",
    "Perforce",
    "Citrix",
];

/// Words that do not name a product on their own (besides every word O*NET itself writes in
/// lower case inside a name, such as `database` or `server`).
const GENERIC_WORDS: &[&str] = &[
    "access",
    "algorithmic",
    "analytics",
    "application",
    "applications",
    "central",
    "cloud",
    "compilers",
    "console",
    "data",
    "decompilers",
    "designer",
    "director",
    "edition",
    "engine",
    "enterprise",
    "framework",
    "interpreter",
    "interpreters",
    "libraries",
    "manager",
    "pipeline",
    "platform",
    "professional",
    "project",
    "reports",
    "server",
    "service",
    "services",
    "software",
    "suite",
    "system",
    "systems",
    "tools",
    "workbench",
];

/// Last words of a spelled-out acronym that make it a kind of software, not a technology.
const ACRONYM_GENERIC_HEADS: &[&str] = &[
    "environment",
    "management",
    "network",
    "server",
    "service",
    "services",
    "system",
    "systems",
    "tools",
];

/// Trailing words dropped to probe for an existing skill (`Red Hat Ansible Engine` → ansible).
const TRAILING_NOISE: &[&str] = &[
    "Architecture",
    "CI",
    "Cloud",
    "Database",
    "Edition",
    "Engine",
    "Enterprise",
    "Framework",
    "Platform",
    "Professional",
    "Server",
    "Suite",
];

/// O*NET examples renamed before cleaning (odd spellings the rules cannot fix).
const ONET_RENAMES: &[(&str, &str)] = &[
    ("MUMPS M", "MUMPS"),
    ("C for Graphics cg", "Cg"),
    ("Formula translation/translator FORTRAN", "FORTRAN"),
    (
        "Web service definition language WDSL",
        "Web service definition language WSDL",
    ),
    ("Programming language one PL/I", "PL/I"),
    (
        "Micosoft SQL Server Analysis Services SSAS",
        "SQL Server Analysis Services SSAS",
    ),
    // Names that would otherwise not meet their skill, or meet the wrong one.
    ("Oracle Java Enterprise Edition EE", "Java EE"),
    ("Objective Caml", "OCaml"),
    ("Transact-SQL", "T-SQL"),
    ("UNIX Shell", "Shell"),
    ("Jupyter software", "Jupyter Notebook"),
    ("React Redux", "Redux"),
    ("Microsoft Visual C# .NET", "C#"),
    ("VME PowerPC VxWorks", "VxWorks"),
    ("Oracle WebLogic Server", "Oracle WebLogic"),
    (
        "Sun Microsystems Java Persistence API",
        "Java Persistence API JPA",
    ),
    ("Sun Microsystems Java Servlet API", "Java Servlet API"),
    ("Waikato Environment for Knowledge Analysis Weka", "Weka"),
    ("MapReduce big data software", "MapReduce"),
    // Oracle APEX is not Salesforce's Apex language.
    (
        "Oracle Application Express APEX",
        "Oracle Application Express",
    ),
];

/// O*NET examples whose vendor stays in the name (`Adobe Flex` is not the `flex` lexer).
const ONET_KEEP_VENDOR: &[&str] = &["Adobe Flex", "Perforce Helix software"];

/// O*NET examples whose commodity class gives the wrong category.
const ONET_CATEGORIES: &[(&str, Category)] = &[
    ("Acresso InstallAnywhere", Category::Tool),
    ("Airtable", Category::Tool),
    ("Apache JMeter", Category::Tool),
    ("Apache Tomcat", Category::Tool),
    ("Greatis Object Inspector", Category::Tool),
    ("HashiCorp Vagrant", Category::Tool),
    ("Hibernate ORM", Category::Framework),
    ("Jekyll", Category::Tool),
    ("JetBrains PhpStorm", Category::Tool),
    ("Microsoft Commerce Server", Category::Tool),
    ("Microsoft Visual InterDev", Category::Tool),
    ("Modula", Category::Language),
    ("Oracle Designer", Category::Tool),
    ("PhantomJS", Category::Tool),
    ("Progress WebSpeed Workshop", Category::Tool),
    ("Rapide", Category::Language),
    ("ServiceNow", Category::Tool),
];

/// O*NET examples that are not technologies despite looking like names.
const ONET_SKIP: &[&str] = &[
    "Blackboard software",
    "Code munger software",
    "Event-driven State-machines Programming",
    "Infobright Community Edition ICE",
    "ICON programming language",
    "Interstate connection ICON",
];

/// Parses O*NET's tab-separated technology skills (`\r\n` or `\n` line ends).
///
/// # Errors
/// [`Error::Parse`] naming `file` and the line, for a missing column, a row with the wrong
/// number of fields, or a flag other than `Y`/`N`.
fn parse_onet(text: &str, file: &str) -> Result<Vec<OnetRow>> {
    let mut lines = text.lines().map(|l| l.trim_end_matches('\r'));
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let column = |name: &str| {
        header.iter().position(|h| *h == name).ok_or_else(|| {
            Error::parse(
                file,
                format!("line 1: missing column {name:?} in {header:?}"),
            )
        })
    };
    let soc = column("O*NET-SOC Code")?;
    let example = column("Example")?;
    let class = column("Commodity Title")?;
    let hot = column("Hot Technology")?;
    let demand = column("In Demand")?;
    let mut rows = Vec::new();
    for (i, line) in lines.enumerate() {
        let n = i + 2;
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != header.len() {
            let reason = format!(
                "line {n}: expected {} tab-separated fields, found {}",
                header.len(),
                fields.len()
            );
            return Err(Error::parse(file, reason));
        }
        let flag = |col: usize| match fields[col].trim() {
            "Y" => Ok(true),
            "N" => Ok(false),
            other => Err(Error::parse(
                file,
                format!(
                    "line {n}: field {:?}: expected Y or N, found {other:?}",
                    header[col]
                ),
            )),
        };
        rows.push(OnetRow {
            soc: fields[soc].trim().to_string(),
            example: fields[example].trim().to_string(),
            class: fields[class].trim().to_string(),
            hot: flag(hot)? || flag(demand)?,
        });
    }
    Ok(rows)
}

/// The O*NET technologies of the kept occupations and classes, hot or in-demand ones first,
/// then the most often listed, then by name.
fn onet_candidates(rows: &[OnetRow]) -> Vec<Candidate> {
    let mut generic: HashSet<String> = GENERIC_WORDS.iter().map(|w| w.to_string()).collect();
    for row in rows {
        for word in row.example.split_whitespace().skip(1) {
            if word.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
                generic.insert(word.to_string());
            }
        }
    }
    #[derive(Default)]
    struct Tally<'a> {
        classes: BTreeMap<&'a str, usize>,
        rows: usize,
        hot: bool,
    }
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    for row in rows {
        if !ONET_OCCUPATIONS.contains(&row.soc.as_str())
            || !ONET_CLASSES.iter().any(|(c, _)| *c == row.class)
        {
            continue;
        }
        let tally = tallies.entry(row.example.as_str()).or_default();
        *tally.classes.entry(row.class.as_str()).or_default() += 1;
        tally.rows += 1;
        tally.hot |= row.hot;
    }
    let mut order: Vec<(&str, &Tally)> = tallies.iter().map(|(e, t)| (*e, t)).collect();
    order.sort_by(|a, b| (!a.1.hot, b.1.rows, a.0).cmp(&(!b.1.hot, a.1.rows, b.0)));
    let mut out = Vec::new();
    for (example, tally) in order {
        // The class listed most often (ties: the first by name) decides the category.
        let class = tally
            .classes
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)));
        let class = class.map_or("", |(c, _)| *c);
        let mut category = ONET_CLASSES
            .iter()
            .find(|(c, _)| *c == class)
            .map(|&(_, k)| k);
        // `Common business oriented language COBOL`, `XML Path Language XPATH`.
        if example
            .split_whitespace()
            .any(|w| w.eq_ignore_ascii_case("language"))
        {
            category = Some(Category::Language);
        }
        if let Some(&(_, fixed)) = ONET_CATEGORIES.iter().find(|(e, _)| *e == example) {
            category = Some(fixed);
        }
        let cloud_vendor = ["Amazon", "AWS", "Microsoft Azure", "Google Cloud"];
        if category != Some(Category::Database)
            && cloud_vendor.iter().any(|v| example.starts_with(v))
        {
            category = Some(Category::Cloud);
        }
        if let (Some(category), Some(names)) = (category, onet_names(example, &generic)) {
            out.push(Candidate {
                category,
                source: Source::Onet,
                ..names
            });
        }
    }
    out
}

/// Cleans one O*NET example into names (canonical first), aliases and probes, or `None` when it
/// is a generic description rather than a technology. The category and source are placeholders.
fn onet_names(example: &str, generic: &HashSet<String>) -> Option<Candidate> {
    if ONET_SKIP.contains(&example) {
        return None;
    }
    let renamed = ONET_RENAMES
        .iter()
        .find(|(from, _)| *from == example)
        .map_or(example, |r| r.1);
    let mut words: Vec<&str> = renamed.split_whitespace().collect();
    // `X software` and `X programming language` name X, if X is a name.
    let mut had_suffix = false;
    if words.len() >= 2 && words[words.len() - 1].eq_ignore_ascii_case("software") {
        words.pop();
        had_suffix = true;
    }
    if words.len() >= 3 && words.ends_with(&["programming", "language"]) {
        words.truncate(words.len() - 2);
    }
    let is_generic = |w: &str| generic.contains(&w.to_lowercase());
    let mut candidate = Candidate {
        names: Vec::new(),
        aliases: Vec::new(),
        probes: Vec::new(),
        category: Category::Tool,
        source: Source::Onet,
    };
    if let Some((start, acronym)) = trailing_acronym(&words) {
        // `Structured query language SQL`, `Apache Subversion SVN`, `Amazon ... Cloud EC2`.
        let description = &words[start..words.len() - 1];
        let described = description.join(" ");
        if is_description(description) {
            // `Relational database management system RDMS` names a kind of software.
            let head = description.last().map_or("", |w| w);
            if had_suffix || ACRONYM_GENERIC_HEADS.contains(&head) {
                return None;
            }
            candidate.names = vec![acronym.to_string(), described];
        } else if description.len() == 1 {
            candidate.names = vec![described, acronym.to_string()];
        } else {
            candidate.names = vec![acronym.to_string(), described];
        }
        if start > 0 {
            candidate.aliases.push(words[..words.len() - 1].join(" "));
            candidate.aliases.push(renamed.to_string());
        }
        return Some(candidate);
    }
    let vendor = (!ONET_KEEP_VENDOR.contains(&renamed))
        .then_some(VENDORS)
        .into_iter()
        .flatten()
        .map(|v| v.split_whitespace().collect::<Vec<_>>())
        .filter(|v| v.len() < words.len() && words.starts_with(v))
        .map(|v| v.len())
        .max();
    let rest = &words[vendor.unwrap_or(0)..];
    // Descriptions (`Unit testing`, `Greenhills Ada compilers`, `Compilers`) and long phrases
    // are not technology names.
    let lowercase_head = words
        .last()
        .is_some_and(|w| w.chars().all(|c| c.is_ascii_lowercase()));
    if rest.len() > 4
        || is_description(&words)
        || (lowercase_head && is_generic(words[words.len() - 1]))
        || words.iter().all(|w| is_generic(w))
    {
        return None;
    }
    let full = words.join(" ");
    let last = rest.last().copied().unwrap_or("");
    let distinctive = vendor.is_some()
        && !is_description(rest)
        && !is_generic(rest[0])
        && !is_generic(last)
        && rest.iter().any(|w| !is_generic(w));
    let rest_name = rest.join(" ");
    if distinctive && (rest.len() > 1 || rest_name.chars().count() > 3) {
        candidate.names = vec![rest_name.clone(), full.clone()];
    } else if words.len() > 4 {
        return None;
    } else {
        candidate.names = vec![full.clone()];
        if distinctive && rest_name.chars().any(|c| c.is_ascii_digit()) {
            candidate.aliases.push(rest_name.clone());
        }
    }
    if renamed != full {
        candidate.aliases.push(renamed.to_string());
    }
    // Probes: without the vendor (`Microsoft Visual Basic`), and without trailing noise
    // (`Jenkins CI` → jenkins).
    if vendor.is_some() && !is_description(rest) && !(rest.len() == 1 && is_generic(last)) {
        candidate.probes.push(rest_name);
    }
    if rest.len() > 1 && TRAILING_NOISE.contains(&last) {
        candidate.probes.push(rest[..rest.len() - 1].join(" "));
    }
    Some(candidate)
}

/// Whether words read as a lower-case description (`Unit testing`, `Just-in-time compiler`)
/// rather than a name: several words, none but the first with a capital, digit or symbol.
fn is_description(words: &[&str]) -> bool {
    words.len() >= 2
        && words[1..]
            .iter()
            .all(|w| w.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
}

/// Finds a trailing acronym spelled out by the words before it: returns the index of the first
/// spelled-out word and the acronym (`Amazon Simple Storage Service S3` → (1, `S3`)).
fn trailing_acronym<'a>(words: &[&'a str]) -> Option<(usize, &'a str)> {
    let (&last, before) = words.split_last()?;
    let token = last.trim_start_matches('(').trim_end_matches(')');
    let letters: String = token.chars().filter(char::is_ascii_alphabetic).collect();
    let upper = token.chars().filter(char::is_ascii_uppercase).count();
    let has_digit = token.chars().any(|c| c.is_ascii_digit());
    if before.is_empty() || letters.is_empty() {
        return None;
    }
    let letters = letters.to_lowercase();
    // `Tool command language Tcl`: a capitalized word that is exactly the initials.
    if before.len() >= letters.len() && initials(&before[before.len() - letters.len()..]) == letters
    {
        return Some((before.len() - letters.len(), token));
    }
    let looks_like = (upper >= 2 && upper * 2 >= letters.len()) || (has_digit && upper >= 1);
    if !looks_like || (letters.len() < 2 && !has_digit) || ["API", "SDK"].contains(&token) {
        return None;
    }
    (0..before.len()).find_map(|start| {
        // The acronym starts with the word's first letter, or `x` for `eXtensible`.
        let word = before[start].to_lowercase();
        let spelled: String = before[start..].concat().to_lowercase();
        let starts =
            word.starts_with(&letters[..1]) || (letters.starts_with('x') && word.starts_with("ex"));
        (starts && is_subsequence(&letters, &spelled)).then_some((start, token))
    })
}

/// Whether `needle`'s characters appear in `haystack` in order.
fn is_subsequence(needle: &str, haystack: &str) -> bool {
    let mut hay = haystack.chars();
    needle.chars().all(|c| hay.any(|h| h == c))
}

// ---------------------------------------------------------------------------------------------
// ESCO

/// One concept of ESCO's digital skills collection.
#[derive(Clone, Debug, PartialEq)]
struct EscoSkill {
    label: String,
    alt_labels: Vec<String>,
    /// `knowledge` or `skill/competence`.
    kind: String,
    /// Labels of the broader concepts.
    broader: Vec<String>,
}

/// ESCO field concepts kept, as concepts, although their labels are common nouns: (ESCO label,
/// canonical name). `cloud technologies` becomes the cloud skill `cloud computing`.
const ESCO_CONCEPTS: &[(&str, &str)] = &[
    ("3D modelling", "3D modelling"),
    ("algorithms", "algorithms"),
    ("artificial neural networks", "artificial neural networks"),
    ("augmented reality", "augmented reality"),
    ("blockchain", "blockchain"),
    ("business intelligence", "business intelligence"),
    ("cloud security and compliance", "cloud security"),
    ("cloud technologies", "cloud computing"),
    ("cognitive computing", "cognitive computing"),
    ("computational linguistics", "computational linguistics"),
    ("computer engineering", "computer engineering"),
    ("computer forensics", "computer forensics"),
    ("computer graphics", "computer graphics"),
    ("computer science", "computer science"),
    ("computer simulation", "computer simulation"),
    ("computer vision", "computer vision"),
    ("cryptocurrency", "cryptocurrency"),
    ("cyber security", "cyber security"),
    ("data analytics", "data analytics"),
    ("data engineering", "data engineering"),
    ("data mining", "data mining"),
    ("data models", "data modelling"),
    ("data protection", "data protection"),
    ("data quality assessment", "data quality"),
    ("data science", "data science"),
    ("data warehouse", "data warehouse"),
    ("digital identity management", "identity management"),
    ("digital image processing", "image processing"),
    ("distributed computing", "distributed computing"),
    (
        "distributed ledger technology",
        "distributed ledger technology",
    ),
    ("e-commerce systems", "e-commerce"),
    ("embedded systems", "embedded systems"),
    ("ethical hacking principles", "ethical hacking"),
    ("field-programmable gate arrays", "FPGA"),
    ("firmware", "firmware"),
    ("geographic information systems", "GIS"),
    ("graphic design", "graphic design"),
    ("human-computer interaction", "human-computer interaction"),
    ("ICT encryption", "cryptography"),
    ("image recognition", "image recognition"),
    ("information architecture", "information architecture"),
    ("information extraction", "information extraction"),
    ("Internet of Things", "Internet of Things"),
    ("machine learning", "machine learning"),
    ("machine translation", "machine translation"),
    ("mobile device management", "mobile device management"),
    ("Monte Carlo simulation", "Monte Carlo simulation"),
    ("natural language processing", "natural language processing"),
    ("network engineering", "network engineering"),
    ("object-oriented modelling", "object-oriented modelling"),
    ("online analytical processing", "OLAP"),
    ("operating systems", "operating systems"),
    (
        "principles of artificial intelligence",
        "artificial intelligence",
    ),
    ("programmable logic controller", "PLC programming"),
    ("real-time computing", "real-time computing"),
    ("scientific computing", "scientific computing"),
    ("search engine optimisation", "search engine optimisation"),
    ("signal processing", "signal processing"),
    ("smart contract", "smart contracts"),
    ("software interaction design", "interaction design"),
    ("software metrics", "software metrics"),
    ("speech recognition", "speech recognition"),
    ("system design", "system design"),
    ("systems development life-cycle", "SDLC"),
    ("unified modelling language", "UML"),
    ("virtual reality", "virtual reality"),
    ("web analytics", "web analytics"),
    (
        "web application security threats",
        "web application security",
    ),
    ("web programming", "web development"),
    ("web services", "web services"),
];

/// ESCO broader concepts (or label qualifiers) that set the category of a proper-named skill,
/// in priority order; a name under none of them is a tool.
const ESCO_CLASSES: &[(&str, Category)] = &[
    ("computer programming", Category::Language),
    ("query languages", Category::Language),
    (
        "resource description framework query language",
        Category::Language,
    ),
    ("style sheet languages", Category::Language),
    ("database management systems", Category::Database),
    ("cloud technologies", Category::Cloud),
    ("software frameworks", Category::Framework),
    ("digital game creation systems", Category::Framework),
    ("law", Category::Concept),
    ("ICT project management methodologies", Category::Concept),
];

/// ESCO broader concepts whose members are end-user products rather than engineering skills.
const ESCO_SKIP_CLASSES: &[&str] = &[
    "learning management systems",
    "optical character recognition software",
    "use production planning software",
];

/// ESCO labels skipped: `ML` the language would merge into machine learning; `SAP R3` is an ERP
/// filed under programming; `WebCMS` is a class.
const ESCO_SKIP: &[&str] = &["ML (computer programming)", "SAP R3", "WebCMS"];

/// ESCO labels whose plain name is a common word.
const ESCO_RENAMES: &[(&str, &str)] = &[
    ("Source (digital game creation systems)", "Source engine"),
    ("RAGE (digital game creation systems)", "RAGE engine"),
    ("Shiva (digital game creation systems)", "ShiVa3D"),
];

/// Last words that make a capitalized ESCO label a class, not a product (`Ajax Framework`).
const ESCO_GENERIC_HEADS: &[&str] = &[
    "development",
    "framework",
    "frameworks",
    "languages",
    "management",
    "methodologies",
    "methods",
    "model",
    "models",
    "principles",
    "software",
    "standards",
    "systems",
    "techniques",
    "tools",
];

/// Words that make an ESCO alternative label a description rather than a name.
const ESCO_ALT_NOISE: &[&str] = &[
    "algorithms",
    "concepts",
    "development",
    "fundamentals",
    "knowledge",
    "methods",
    "of",
    "paradigms",
    "principles",
    "programming",
    "related",
    "software",
    "systems",
    "techniques",
];

/// Parses ESCO's digital skills CSV (columns found by header name; `altLabels` separated by
/// newlines or ` | `).
///
/// # Errors
/// [`Error::Parse`] naming `file` and the line, for a missing column or a malformed record.
fn parse_esco(text: &str, file: &str) -> Result<Vec<EscoSkill>> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| Error::parse(file, e))?.clone();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| Error::parse(file, format!("line 1: missing column {name:?}")))
    };
    let (label, alt, kind) = (
        column("preferredLabel")?,
        column("altLabels")?,
        column("skillType")?,
    );
    let broader = column("broaderConceptPT")?;
    let split = |s: &str| -> Vec<String> {
        s.split(['\n', '|'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Error::parse(file, e))?;
        let get = |i: usize| record.get(i).unwrap_or("").trim();
        out.push(EscoSkill {
            label: get(label).to_string(),
            alt_labels: split(get(alt)),
            kind: get(kind).to_string(),
            broader: split(get(broader)),
        });
    }
    Ok(out)
}

/// The ESCO knowledge concepts that name a technology, plus [`ESCO_CONCEPTS`], in file order.
fn esco_candidates(skills: &[EscoSkill]) -> Vec<Candidate> {
    let mut out = Vec::new();
    for skill in skills {
        if skill.kind != "knowledge" || ESCO_SKIP.contains(&skill.label.as_str()) {
            continue;
        }
        // `Ruby (computer programming)`: the qualifier is a class, like a broader concept.
        let (plain, qualifier) = match skill.label.split_once(" (") {
            Some((plain, q)) if q.ends_with(')') => (plain.trim(), Some(&q[..q.len() - 1])),
            _ => (skill.label.as_str(), None),
        };
        let classes: Vec<&str> = qualifier
            .into_iter()
            .chain(skill.broader.iter().map(String::as_str))
            .collect();
        if classes.iter().any(|c| ESCO_SKIP_CLASSES.contains(c)) {
            continue;
        }
        let concept = ESCO_CONCEPTS.iter().find(|(l, _)| *l == skill.label);
        let (name, category) = match concept {
            Some(&(_, "cloud computing")) => ("cloud computing", Category::Cloud),
            Some(&(_, name)) => (name, Category::Concept),
            None if is_esco_product(plain) => {
                let class = ESCO_CLASSES.iter().find(|(c, _)| classes.contains(c));
                (plain, class.map_or(Category::Tool, |&(_, k)| k))
            }
            None => continue,
        };
        let name = ESCO_RENAMES
            .iter()
            .find(|(l, _)| *l == skill.label)
            .map_or(name, |r| r.1);
        let mut names = vec![name.to_string()];
        if plain != name {
            names.push(plain.to_string());
        }
        let aliases = (skill.alt_labels.iter())
            .filter(|alt| is_esco_alias(alt, plain) || is_esco_alias(alt, name))
            .cloned()
            .collect();
        out.push(Candidate {
            names,
            aliases,
            probes: Vec::new(),
            category,
            source: Source::Esco,
        });
    }
    out
}

/// Whether an ESCO label is a short proper name (`PostgreSQL`, `Unreal Engine`, `GDPR`) rather
/// than a description (`incremental development`, `Agile project management`) or a class
/// (`ICT debugging tools`, `JavaScript Framework`).
fn is_esco_product(label: &str) -> bool {
    let words: Vec<&str> = label.split_whitespace().collect();
    let has_capital = label
        .chars()
        .any(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    let head = words.last().map_or(String::new(), |w| w.to_lowercase());
    !words.is_empty()
        && words.len() <= 3
        && has_capital
        && !is_description(&words)
        && !ESCO_GENERIC_HEADS.contains(&head.as_str())
        && !words.contains(&"ICT")
}

/// Whether an ESCO alternative label is another name for `label`: it holds the label's words
/// (`MS SQL Server` for `SQL Server`), extends it by a short version (`Unity3D`), is a prefix of
/// it (`Postgres`), or the two are acronym and expansion (`CSS`, `Cascading Style Sheets`).
fn is_esco_alias(alt: &str, label: &str) -> bool {
    let alt_words: Vec<String> = alt.split_whitespace().map(str::to_lowercase).collect();
    let label_words: Vec<String> = label.split_whitespace().map(str::to_lowercase).collect();
    if alt.contains(['(', ')'])
        || alt_words
            .iter()
            .any(|w| ESCO_ALT_NOISE.contains(&w.as_str()))
    {
        return false;
    }
    let (a, l) = (normalize(alt), normalize(label));
    if a.chars().count() < 2 || l.is_empty() {
        return false;
    }
    // Extra words must be names or versions (`MS`, `CC`, `3`), not prose (`coding in`).
    let extras_are_names = alt
        .split_whitespace()
        .all(|w| label_words.contains(&w.to_lowercase()) || !w.chars().all(|c| c.is_lowercase()));
    let holds = extras_are_names
        && alt_words
            .windows(label_words.len().max(1))
            .any(|w| w == label_words.as_slice());
    let version = a
        .strip_prefix(&l)
        .is_some_and(|rest| !rest.is_empty() && rest.len() <= 3);
    let prefix = l.starts_with(&a) && a.chars().count() >= 4;
    let acronym = (alt_words.len() >= 2 && initials_of(&alt_words) == l)
        || (label_words.len() >= 2 && initials_of(&label_words) == a);
    holds || version || prefix || acronym
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    const CURATED: &str = include_str!("../../data/taxonomy/curated.csv");

    /// The shared data folder (`SHIPRANK_SHARED_DATA`, else `/work/shared/data`), if present.
    #[test]
    fn the_committed_taxonomy_is_what_the_build_step_makes() {
        let Some(dir) = shared_data() else { return };
        let committed = include_str!("../../data/taxonomy.csv");
        let built = build(&dir, CURATED).unwrap();
        assert!(
            built == committed,
            "data/taxonomy.csv is stale: run `shiprank skills build`"
        );
    }

    fn shared_data() -> Option<PathBuf> {
        let dir = std::env::var_os("SHIPRANK_SHARED_DATA").map_or_else(
            || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data")),
            PathBuf::from,
        );
        if dir.join(LINGUIST_FILE).is_file() {
            Some(dir)
        } else {
            eprintln!("skipping: no shared data under {}", dir.display());
            None
        }
    }

    fn built() -> Option<String> {
        shared_data().map(|dir| build(&dir, CURATED).unwrap())
    }

    #[test]
    fn full_build_loads_and_is_large() {
        let Some(text) = built() else { return };
        let taxonomy = Taxonomy::from_csv(&text, "generated.csv").unwrap();
        assert!(taxonomy.len() >= 500, "only {} skills", taxonomy.len());
        assert!(text.starts_with("skill,category,aliases,implies,related,source\n"));
    }

    #[test]
    fn linguist_languages_resolve_as_languages() {
        let Some(text) = built() else { return };
        let t = Taxonomy::from_csv(&text, "generated.csv").unwrap();
        for raw in [
            "Haskell",
            "Elixir",
            "Zig",
            "OCaml",
            "Fortran",
            "Visual Basic .NET",
        ] {
            let id = t
                .resolve(raw)
                .unwrap_or_else(|| panic!("{raw} does not resolve"));
            assert_eq!(t.entry(id).category, Category::Language, "{raw}");
            assert!(
                t.entry(id).source.contains("linguist"),
                "{raw}: {}",
                t.entry(id).source
            );
        }
        // A grouped variant is an alias of its group.
        assert_eq!(t.resolve("TSX"), t.resolve("typescript"));
    }

    #[test]
    fn sources_merge_and_filter() {
        let Some(text) = built() else { return };
        let t = Taxonomy::from_csv(&text, "generated.csv").unwrap();
        let source = |raw: &str| t.resolve(raw).map(|id| t.entry(id).source.as_str());
        assert_eq!(source("Oracle Java"), Some("curated+linguist+onet+esco"));
        assert_eq!(
            source("Apache Maven").map(|s| s.contains("onet")),
            Some(true)
        );
        assert_eq!(source("Unreal Engine"), Some("esco"));
        for junk in [
            "use spreadsheets software",
            "Unit testing software",
            "compilers",
        ] {
            assert_eq!(t.resolve(junk), None, "{junk}");
        }
    }

    #[test]
    fn building_twice_gives_identical_text() {
        let Some(dir) = shared_data() else { return };
        assert_eq!(build(&dir, CURATED).unwrap(), build(&dir, CURATED).unwrap());
    }

    /// Writes tiny source files into a fresh temporary folder.
    fn tiny_sources(name: &str, onet_rows: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("shiprank-taxo-{}-{name}", std::process::id()));
        let files = [
            (LINGUIST_FILE, "Go:\n  type: programming\n  aliases:\n  - golang\nZig:\n  type: programming\n".to_string()),
            (
                ONET_FILE,
                format!("O*NET-SOC Code\tExample\tCommodity Code\tCommodity Title\tHot Technology\tIn Demand\n{onet_rows}"),
            ),
            (
                ESCO_FILE,
                "conceptType,preferredLabel,skillType,altLabels,broaderConceptPT\n\
                 K,Unreal Engine,knowledge,Unreal Engine software | UE4,digital game creation systems\n\
                 K,use spreadsheets software,skill/competence,,computer use\n\
                 K,machine learning,knowledge,\"ML\nsupervised learning\",principles of artificial intelligence\n"
                    .to_string(),
            ),
        ];
        for (rel, text) in files {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    const TINY_CURATED: &str = "skill,category,aliases,implies,related,source
go,language,golang,,,curated
machine-learning,concept,ml,,,curated
";

    #[test]
    fn tiny_sources_build_exactly() {
        let rows = "15-1252.00\tApache Maven\t1\tDevelopment environment software\tY\tN\n\
                    15-1252.00\tUnit testing software\t1\tProgram testing software\tN\tN\n\
                    11-1011.00\tMicrosoft Excel\t1\tSpreadsheet software\tY\tN\n";
        let dir = tiny_sources("ok", rows);
        let text = build(&dir, TINY_CURATED).unwrap();
        std::fs::remove_dir_all(&dir).ok();
        let want = "skill,category,aliases,implies,related,source
go,language,golang,,,curated+linguist
machine-learning,concept,ml,,,curated+esco
maven,tool,apache maven,,,onet
unreal-engine,framework,,,,esco
zig,language,,,,linguist
";
        assert_eq!(text, want);
    }

    #[test]
    fn a_malformed_source_line_is_a_parse_error_naming_file_and_line() {
        let rows = "15-1252.00\tApache Maven\t1\tDevelopment environment software\tY\tN\n\
                    15-1252.00\tApache Maven\n";
        let dir = tiny_sources("bad", rows);
        let err = build(&dir, TINY_CURATED).unwrap_err();
        std::fs::remove_dir_all(&dir).ok();
        assert!(matches!(err, Error::Parse { .. }), "{err}");
        let msg = err.to_string();
        assert!(
            msg.contains("technology_skills.txt: line 3: expected 6"),
            "{msg}"
        );
    }

    #[test]
    fn a_missing_source_is_an_io_error_with_its_path() {
        let dir = std::env::temp_dir().join("shiprank-taxonomy-build-missing");
        match build(&dir, CURATED) {
            Err(Error::Io { path, .. }) => assert!(path.ends_with(LINGUIST_FILE), "{path:?}"),
            other => panic!("expected an I/O error, got {other:?}"),
        }
    }

    const SNIPPET: &str = r#"# comment
---
"C#":
  type: programming
  aliases:
  - csharp
  - "cake"
  extensions:
  - ".cs"
  language_id: 42
Cap'n Proto:
  type: programming
TSX:
  type: programming
  group: TypeScript
  aliases:
  - typescriptreact
'It''s: quoted':
  type: data
"#;

    #[test]
    fn yaml_parser_reads_names_types_aliases_and_groups() {
        let langs = parse_linguist(SNIPPET, "languages.yml").unwrap();
        let names: Vec<&str> = langs.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["C#", "Cap'n Proto", "TSX", "It's: quoted"]);
        assert_eq!(langs[0].aliases, ["csharp", "cake"]);
        assert_eq!((langs[0].kind.as_str(), langs[0].line), ("programming", 3));
        assert!(langs[1].aliases.is_empty());
        assert_eq!(langs[2].group.as_deref(), Some("TypeScript"));
        assert_eq!(langs[3].kind, "data");
    }

    #[test]
    fn yaml_parser_rejects_malformed_lines_with_file_and_line() {
        let cases = [
            ("Go:\n  type: programming\nnot a key\n", "line 3"),
            ("  type: programming\n", "line 1"),
            ("Go:\n  type: programming\n  - orphan\n", "line 3"),
            ("Go:\n  type programming\n", "line 2"),
            ("Go:\n  aliases:\n  - golang\n", "line 1"),
        ];
        for (text, line) in cases {
            let err = parse_linguist(text, "languages.yml").unwrap_err();
            assert!(matches!(err, Error::Parse { .. }), "{err}");
            let msg = err.to_string();
            assert!(
                msg.starts_with("languages.yml: ") && msg.contains(line),
                "{msg}"
            );
        }
    }

    #[test]
    fn yaml_unquoting() {
        assert_eq!(unquote(r#""a\"b""#), "a\"b");
        assert_eq!(unquote("'it''s'"), "it's");
        assert_eq!(unquote("plain"), "plain");
        assert_eq!(split_key("Pro*C: x"), Some(("Pro*C".into(), "x".into())));
        assert_eq!(split_key("http://x"), None);
    }

    #[test]
    fn onet_rows_are_checked() {
        let header = "O*NET-SOC Code\tExample\tCommodity Code\tCommodity Title\tHot Technology\tIn Demand\r\n";
        let good = format!(
            "{header}15-1252.00\tApache Maven\t1\tDevelopment environment software\tY\tN\r\n"
        );
        let rows = parse_onet(&good, "t.txt").unwrap();
        assert_eq!(
            (rows[0].example.as_str(), rows[0].hot),
            ("Apache Maven", true)
        );
        let short = format!("{header}15-1252.00\tApache Maven\t1\r\n");
        let msg = parse_onet(&short, "t.txt").unwrap_err().to_string();
        assert!(msg.starts_with("t.txt: line 2: expected 6"), "{msg}");
        let flag = format!("{header}15-1252.00\tMaven\t1\tX\tyes\tN\n");
        assert!(parse_onet(&flag, "t.txt")
            .unwrap_err()
            .to_string()
            .contains("line 2"));
        assert!(parse_onet("Example\n", "t.txt")
            .unwrap_err()
            .to_string()
            .contains("missing"));
    }

    fn onet(example: &str) -> Option<Vec<String>> {
        let generic = GENERIC_WORDS.iter().map(|w| w.to_string()).collect();
        onet_names(example, &generic).map(|c| c.names)
    }

    #[test]
    fn onet_names_are_cleaned() {
        let s = |v: &[&str]| Some(v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            onet("Structured query language SQL"),
            s(&["SQL", "Structured query language"])
        );
        assert_eq!(onet("Apache Subversion SVN"), s(&["Subversion", "SVN"]));
        assert_eq!(
            onet("Tool command language Tcl"),
            s(&["Tcl", "Tool command language"])
        );
        assert_eq!(onet("Apache Maven"), s(&["Maven", "Apache Maven"]));
        assert_eq!(onet("Rust programming language"), s(&["Rust"]));
        assert_eq!(onet("Alteryx software"), s(&["Alteryx"]));
        assert_eq!(onet("Microsoft Access"), s(&["Microsoft Access"]));
        assert_eq!(onet("Apache HTTP Server"), s(&["Apache HTTP Server"]));
        assert_eq!(onet("Unit testing software"), None);
        assert_eq!(
            onet("Integrated development environment IDE software"),
            None
        );
        assert_eq!(onet("Compilers"), None);
    }

    #[test]
    fn esco_labels_are_filtered() {
        assert!(is_esco_product("PostgreSQL") && is_esco_product("Unreal Engine"));
        assert!(!is_esco_product("incremental development"));
        assert!(!is_esco_product("Agile project management"));
        assert!(!is_esco_product("JavaScript Framework"));
        assert!(!is_esco_product("ICT debugging tools"));
        assert!(is_esco_alias("Postgres", "PostgreSQL"));
        assert!(is_esco_alias("Cascading Style Sheets", "CSS"));
        assert!(is_esco_alias("MS SQL Server", "SQL Server"));
        assert!(!is_esco_alias("Mocha", "JavaScript"));
        assert!(!is_esco_alias("Haskell techniques", "Haskell"));
    }

    #[test]
    fn colliding_aliases_are_dropped_not_errors() {
        let mut b = Builder::default();
        b.add_curated(
            "skill,category,aliases,implies,related,source\ngo,language,golang,,,curated\n",
        )
        .unwrap();
        let cand = |names: &[&str], aliases: &[&str], source| Candidate {
            names: names.iter().map(|s| s.to_string()).collect(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            probes: Vec::new(),
            category: Category::Language,
            source,
        };
        b.offer(cand(&["Go"], &["golang", "go-lang"], Source::Linguist));
        b.offer(cand(&["Gleam"], &["golang"], Source::Linguist));
        b.offer(cand(&["Gleam"], &["gleam-lang"], Source::Esco));
        let text = b.into_csv().unwrap();
        let t = Taxonomy::from_csv(&text, "t.csv").unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t.resolve("go-lang").map(|id| t.name(id)), Some("go"));
        assert_eq!(t.resolve("gleamlang").map(|id| t.name(id)), Some("gleam"));
        assert_eq!(t.entry(0).source, "curated+linguist");
        assert_eq!(t.entry(1).source, "linguist+esco");
    }
}
