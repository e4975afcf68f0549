//! The tuning page: HTML, CSS and plain JavaScript compiled into the binary (no CDN, no build
//! step). The page takes the save token from a `<meta>` element.

/// The page's style sheet.
pub const STYLE: &str = include_str!("page/page.css");

/// The page's script.
pub const SCRIPT: &str = include_str!("page/page.js");

const INDEX: &str = include_str!("page/index.html");

/// The page, carrying the save token.
pub fn index(save_token: &str) -> String {
    INDEX.replace("{{SAVE_TOKEN}}", save_token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_carries_the_token_and_loads_only_its_own_files() {
        let page = index("abc123");
        assert!(page.contains("content=\"abc123\""));
        assert!(!page.contains("{{"));
        for external in ["http://", "https://", "//cdn"] {
            assert!(!page.contains(external), "{external}");
            assert!(!SCRIPT.contains(external), "{external}");
            assert!(!STYLE.contains(external), "{external}");
        }
        assert!(page.contains("page.js") && page.contains("page.css"));
    }
}
