//! ESCO's digital skills: knowledge concepts with a short proper name, plus an allow-list of
//! fields.

use super::merge::{initials, is_description, Candidate, Source};
use crate::error::{Error, Result};
use crate::skills::taxonomy::{normalize, Category};

/// One concept of ESCO's digital skills collection.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct EscoSkill {
    /// The `preferredLabel` (`PostgreSQL`, `Ruby (computer programming)`).
    label: String,
    /// The `altLabels`.
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
pub(super) fn parse_esco(text: &str, file: &str) -> Result<Vec<EscoSkill>> {
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
pub(super) fn esco_candidates(skills: &[EscoSkill]) -> Vec<Candidate> {
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
    let acronym = (alt_words.len() >= 2 && initials(&alt_words) == l)
        || (label_words.len() >= 2 && initials(&label_words) == a);
    holds || version || prefix || acronym
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
