//! O*NET's technology skills: the named technologies of software, data and security
//! occupations, with vendors and spelled-out acronyms folded.

use std::collections::{BTreeMap, HashSet};

use super::merge::{initials, is_description, Candidate, Source};
use crate::error::{Error, Result};
use crate::skills::taxonomy::Category;

/// One row of O*NET's technology skills.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct OnetRow {
    /// The `O*NET-SOC Code` of the occupation.
    soc: String,
    /// The technology as O*NET names it (`Apache Maven`).
    example: String,
    /// Its `Commodity Title` (`Development environment software`).
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
pub(super) fn parse_onet(text: &str, file: &str) -> Result<Vec<OnetRow>> {
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
pub(super) fn onet_candidates(rows: &[OnetRow]) -> Vec<Candidate> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
