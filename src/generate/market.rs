//! The facts the synthetic market is drawn from (see `data/README.md` for their sources).

/// A country of the candidate pool.
pub struct Country {
    /// Display name.
    pub name: &'static str,
    /// Share of the pool, roughly in proportion to its professional developer population.
    pub weight: f64,
    /// Local currency code.
    pub currency: &'static str,
    /// USD per local unit, mid-2026 (matches `data/rates.csv`).
    pub usd_per_unit: f64,
    /// Chance a salary is stated in the local currency rather than USD.
    pub local_currency: f64,
    /// IANA zones of its tech hubs, weighted.
    pub zones: &'static [(&'static str, f64)],
    /// Senior salary expectation range, annual USD.
    pub senior_usd: (f64, f64),
    /// Name pool.
    pub names: Names,
}

/// Pools of first names and surnames.
#[derive(Clone, Copy)]
pub struct Names {
    /// Women's first names.
    pub women: &'static [&'static str],
    /// Men's first names.
    pub men: &'static [&'static str],
    /// Surnames.
    pub surnames: &'static [&'static str],
}

const PT: Names = Names {
    women: &[
        "Ana",
        "Beatriz",
        "Camila",
        "Fernanda",
        "Juliana",
        "Larissa",
        "Mariana",
        "Patrícia",
        "Rafaela",
        "Gabriela",
    ],
    men: &[
        "João", "Pedro", "Lucas", "Gabriel", "Rafael", "Thiago", "Bruno", "Felipe", "Gustavo",
        "Rodrigo",
    ],
    surnames: &[
        "Silva",
        "Santos",
        "Oliveira",
        "Souza",
        "Lima",
        "Pereira",
        "Ferreira",
        "Costa",
        "Rodrigues",
        "Almeida",
        "Carvalho",
        "Ribeiro",
    ],
};
const ES: Names = Names {
    women: &[
        "María",
        "Sofía",
        "Valentina",
        "Camila",
        "Daniela",
        "Lucía",
        "Fernanda",
        "Paula",
        "Carolina",
        "Andrea",
    ],
    men: &[
        "Juan",
        "Santiago",
        "Mateo",
        "Diego",
        "Carlos",
        "Andrés",
        "Sebastián",
        "Nicolás",
        "Alejandro",
        "Javier",
    ],
    surnames: &[
        "García",
        "Rodríguez",
        "Martínez",
        "López",
        "González",
        "Hernández",
        "Pérez",
        "Sánchez",
        "Ramírez",
        "Torres",
        "Flores",
        "Díaz",
    ],
};
const EN: Names = Names {
    women: &[
        "Emily", "Sarah", "Jessica", "Ashley", "Megan", "Rachel", "Olivia", "Hannah", "Lauren",
        "Grace",
    ],
    men: &[
        "Michael", "David", "James", "Daniel", "Matthew", "Ryan", "Kevin", "Andrew", "Brian",
        "Jason",
    ],
    surnames: &[
        "Smith", "Johnson", "Williams", "Brown", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
        "Moore", "Nguyen", "Patel",
    ],
};
const DE: Names = Names {
    women: &[
        "Anna",
        "Lena",
        "Julia",
        "Laura",
        "Sarah",
        "Lisa",
        "Katharina",
        "Sophie",
        "Marie",
        "Hannah",
    ],
    men: &[
        "Lukas",
        "Jonas",
        "Felix",
        "Maximilian",
        "Paul",
        "Leon",
        "Tobias",
        "Jan",
        "Niklas",
        "Florian",
    ],
    surnames: &[
        "Müller",
        "Schmidt",
        "Schneider",
        "Fischer",
        "Weber",
        "Meyer",
        "Wagner",
        "Becker",
        "Hoffmann",
        "Koch",
        "Richter",
        "Wolf",
    ],
};

/// The pool's countries. Weights follow the relative size of each country's professional
/// developer community (Brazil largest in Latin America, then Mexico, Argentina and Colombia),
/// with a US/European minority as a remote-hiring pool would have.
pub const COUNTRIES: &[Country] = &[
    Country {
        name: "Brazil",
        weight: 30.0,
        currency: "BRL",
        usd_per_unit: 0.185,
        local_currency: 0.6,
        zones: &[
            ("America/Sao_Paulo", 0.85),
            ("America/Recife", 0.05),
            ("America/Fortaleza", 0.05),
            ("America/Manaus", 0.05),
        ],
        senior_usd: (40_000.0, 81_000.0),
        names: PT,
    },
    Country {
        name: "Mexico",
        weight: 16.0,
        currency: "MXN",
        usd_per_unit: 0.055,
        local_currency: 0.4,
        zones: &[
            ("America/Mexico_City", 0.75),
            ("America/Monterrey", 0.15),
            ("America/Tijuana", 0.10),
        ],
        senior_usd: (42_000.0, 80_000.0),
        names: ES,
    },
    Country {
        name: "Argentina",
        weight: 10.0,
        currency: "ARS",
        usd_per_unit: 0.00065,
        local_currency: 0.15,
        zones: &[
            ("America/Argentina/Buenos_Aires", 0.85),
            ("America/Argentina/Cordoba", 0.15),
        ],
        senior_usd: (40_000.0, 78_000.0),
        names: ES,
    },
    Country {
        name: "Colombia",
        weight: 10.0,
        currency: "COP",
        usd_per_unit: 0.00026,
        local_currency: 0.4,
        zones: &[("America/Bogota", 1.0)],
        senior_usd: (40_000.0, 75_000.0),
        names: ES,
    },
    Country {
        name: "Chile",
        weight: 5.0,
        currency: "CLP",
        usd_per_unit: 0.00107,
        local_currency: 0.5,
        zones: &[("America/Santiago", 1.0)],
        senior_usd: (45_000.0, 81_000.0),
        names: ES,
    },
    Country {
        name: "Peru",
        weight: 3.0,
        currency: "PEN",
        usd_per_unit: 0.295,
        local_currency: 0.4,
        zones: &[("America/Lima", 1.0)],
        senior_usd: (38_000.0, 70_000.0),
        names: ES,
    },
    Country {
        name: "Uruguay",
        weight: 2.0,
        currency: "UYU",
        usd_per_unit: 0.0255,
        local_currency: 0.3,
        zones: &[("America/Montevideo", 1.0)],
        senior_usd: (48_000.0, 81_000.0),
        names: ES,
    },
    Country {
        name: "Costa Rica",
        weight: 2.0,
        currency: "CRC",
        usd_per_unit: 0.002,
        local_currency: 0.3,
        zones: &[("America/Costa_Rica", 1.0)],
        senior_usd: (42_000.0, 78_000.0),
        names: ES,
    },
    Country {
        name: "United States",
        weight: 14.0,
        currency: "USD",
        usd_per_unit: 1.0,
        local_currency: 1.0,
        zones: &[
            ("America/Los_Angeles", 0.35),
            ("America/New_York", 0.35),
            ("America/Chicago", 0.2),
            ("America/Denver", 0.1),
        ],
        senior_usd: (150_000.0, 200_000.0),
        names: EN,
    },
    Country {
        name: "Spain",
        weight: 3.0,
        currency: "EUR",
        usd_per_unit: 1.16,
        local_currency: 0.9,
        zones: &[("Europe/Madrid", 1.0)],
        senior_usd: (60_000.0, 95_000.0),
        names: ES,
    },
    Country {
        name: "Portugal",
        weight: 2.0,
        currency: "EUR",
        usd_per_unit: 1.16,
        local_currency: 0.9,
        zones: &[("Europe/Lisbon", 1.0)],
        senior_usd: (55_000.0, 90_000.0),
        names: PT,
    },
    Country {
        name: "Germany",
        weight: 2.0,
        currency: "EUR",
        usd_per_unit: 1.16,
        local_currency: 0.9,
        zones: &[("Europe/Berlin", 1.0)],
        senior_usd: (80_000.0, 120_000.0),
        names: DE,
    },
    Country {
        name: "United Kingdom",
        weight: 1.0,
        currency: "GBP",
        usd_per_unit: 1.34,
        local_currency: 0.9,
        zones: &[("Europe/London", 1.0)],
        senior_usd: (85_000.0, 130_000.0),
        names: EN,
    },
];

/// A kind of engineer: the skills they tend to have, core first.
pub struct Archetype {
    /// Name, shown in `data/README.md`.
    #[allow(dead_code)]
    pub name: &'static str,
    /// Share of the pool.
    pub weight: f64,
    /// Skills, most typical first; spellings vary as people write them.
    pub skills: &'static [&'static str],
}

/// Engineer archetypes of this market.
pub const ARCHETYPES: &[Archetype] = &[
    Archetype {
        name: "backend-python",
        weight: 14.0,
        skills: &[
            "python",
            "django",
            "postgresql",
            "fastapi",
            "redis",
            "docker",
            "aws",
            "celery",
            "pytest",
            "rest-api",
        ],
    },
    Archetype {
        name: "backend-jvm",
        weight: 12.0,
        skills: &[
            "java",
            "spring",
            "postgresql",
            "kotlin",
            "kafka",
            "docker",
            "aws",
            "microservices",
            "kubernetes",
            "mysql",
        ],
    },
    Archetype {
        name: "backend-go",
        weight: 7.0,
        skills: &[
            "go",
            "postgresql",
            "grpc",
            "docker",
            "kubernetes",
            "kafka",
            "gcp",
            "redis",
            "terraform",
            "distributed-systems",
        ],
    },
    Archetype {
        name: "backend-node",
        weight: 10.0,
        skills: &[
            "typescript",
            "nodejs",
            "nestjs",
            "postgresql",
            "mongodb",
            "express",
            "docker",
            "aws",
            "graphql",
            "redis",
        ],
    },
    Archetype {
        name: "frontend",
        weight: 14.0,
        skills: &[
            "typescript",
            "react",
            "javascript",
            "nextjs",
            "css",
            "tailwind",
            "jest",
            "graphql",
            "vue",
            "figma",
        ],
    },
    Archetype {
        name: "mobile",
        weight: 8.0,
        skills: &[
            "kotlin",
            "android",
            "swift",
            "ios",
            "flutter",
            "react-native",
            "firebase",
            "jetpack-compose",
            "swiftui",
            "dart",
        ],
    },
    Archetype {
        name: "data-engineering",
        weight: 9.0,
        skills: &[
            "python",
            "sql",
            "spark",
            "airflow",
            "dbt",
            "snowflake",
            "bigquery",
            "kafka",
            "aws",
            "pandas",
        ],
    },
    Archetype {
        name: "machine-learning",
        weight: 10.0,
        skills: &[
            "python",
            "pytorch",
            "scikit-learn",
            "tensorflow",
            "pandas",
            "numpy",
            "sql",
            "mlflow",
            "aws",
            "docker",
        ],
    },
    Archetype {
        name: "llm-applications",
        weight: 6.0,
        skills: &[
            "python",
            "llm",
            "langchain",
            "openai-api",
            "rag",
            "vector-databases",
            "fastapi",
            "typescript",
            "huggingface",
            "pytorch",
        ],
    },
    Archetype {
        name: "platform",
        weight: 8.0,
        skills: &[
            "kubernetes",
            "terraform",
            "aws",
            "docker",
            "go",
            "linux",
            "prometheus",
            "helm",
            "github-actions",
            "gcp",
        ],
    },
    Archetype {
        name: "systems-rust",
        weight: 2.0,
        skills: &[
            "rust",
            "tokio",
            "c++",
            "linux",
            "postgresql",
            "kubernetes",
            "webassembly",
            "go",
            "distributed-systems",
            "grpc",
        ],
    },
];

/// How people write some skills: the canonical name and the spellings met in real exports.
pub const SPELLINGS: &[(&str, &[&str])] = &[
    ("python", &["Python", "python3", "Py"]),
    ("javascript", &["JavaScript", "JS"]),
    ("typescript", &["TypeScript", "TS"]),
    ("react", &["React", "ReactJS", "React.js"]),
    ("postgresql", &["PostgreSQL", "Postgres", "postgres"]),
    ("kubernetes", &["Kubernetes", "k8s"]),
    ("go", &["Go", "Golang"]),
    ("nodejs", &["Node.js", "node"]),
    ("scikit-learn", &["scikit-learn", "sklearn"]),
    ("tensorflow", &["TensorFlow", "tf"]),
    ("aws", &["AWS", "Amazon Web Services"]),
    ("nextjs", &["Next.js", "NextJS"]),
];

/// Misspellings and tools outside the taxonomy, met now and then.
pub const UNKNOWN_SKILLS: &[&str] = &[
    "Pytorh",
    "Kubernets",
    "Reactt",
    "TOTVS Protheus",
    "Genexus",
    "SAP ABAP",
    "Power Apps",
];

/// Degree shares: most Latin American engineers hold a bachelor's (often 4–5 year
/// *engenharia*/*ingeniería*), with bootcamps and technologist degrees common.
pub const DEGREES: &[(&str, f64)] = &[
    ("none", 12.0),
    ("bootcamp", 12.0),
    ("associate", 8.0),
    ("bachelor", 50.0),
    ("master", 15.0),
    ("phd", 3.0),
];

/// Self-reported gender, an audit attribute only.
pub const GENDERS: &[(&str, f64)] = &[("woman", 24.0), ("man", 73.0), ("nonbinary", 3.0)];
