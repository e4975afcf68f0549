//! Builds the full skill taxonomy from the hand-curated list and three public sources (only with
//! the `taxonomy-build` feature: an offline step, not part of ranking).
//!
//! [`build`] reads, under the shared data folder (see its `SOURCES.md`):
//!
//! - [`LINGUIST_FILE`](sources::LINGUIST_FILE): GitHub linguist's `languages.yml` (MIT). Every language of
//!   `type: programming`, plus a few markup/data ones that engineers list as skills (HTML, CSS,
//!   SQL, JSON, YAML, ...). Canonical name: the linguist name, lower case, spaces as `-`; aliases
//!   from its `aliases:` list. A language whose `group:` is another language (`TSX` in
//!   `TypeScript`, `Python console` in `Python`) becomes an alias of that language, as linguist
//!   itself counts it.
//! - [`ONET_FILE`](sources::ONET_FILE): O*NET technology skills ("O*NET, USDOL/ETA", CC BY 4.0). The `Example`
//!   technologies of software, data and security occupations (`ONET_OCCUPATIONS`) in technical
//!   commodity classes (`ONET_CLASSES`), with vendor noise (`Apache`, `Microsoft`, ...) and
//!   spelled-out acronyms (`Structured query language SQL`) folded, and generic descriptions
//!   (`Unit testing software`) dropped.
//! - [`ESCO_FILE`](sources::ESCO_FILE): ESCO v1.2.0 digital skills ("ESCO, European Commission"). Knowledge
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

mod curated;
mod esco;
mod linguist;
mod merge;
mod onet;
mod sources;
mod write;

pub use sources::build;
