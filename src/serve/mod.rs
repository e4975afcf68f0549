//! `shiprank serve`: a local web page and JSON API for tuning role weightings live.
//!
//! The candidates are read, validated and prepared once ([`Session`], over a
//! [`Pool`](crate::Pool)); every request re-ranks one role with the weights and filters it
//! names, through the same kernel as `shiprank rank`, so its scores are `rank`'s. Save writes
//! a role's weights and filters back into the roles file, keeping its comments and layout.
//!
//! Safe by default: the server binds to 127.0.0.1 and accepts only loopback Host names; any
//! other address needs an access token; Save needs a per-run token only the page receives; no
//! endpoint reads or writes a path other than the files given; nothing about candidates is
//! logged.

mod api;
mod http;
mod page;
mod save;
mod session;

use std::net::SocketAddr;
use std::sync::Arc;

pub use api::{
    ApiError, CategoryRate, Dropped, ImpactSummary, Lowest, Metrics, RankAnswer, RankRequest,
    SaveRequest, SavedComparison, MAX_TOP,
};
pub use http::{MAX_BODY, SAVE_TOKEN_HEADER};
pub use save::edit_role;
pub use session::{
    FeatureInfo, RoleInfo, RolesAnswer, SaveAnswer, Session, SessionInputs, DEFAULT_TOP,
};

use crate::error::{Error, Result};

/// The shortest access token taken.
pub const MIN_TOKEN: usize = 16;

/// Where and how the server listens.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The address to bind (port 0: any free port).
    pub listen: SocketAddr,
    /// The access token every request needs; required off loopback.
    pub token: Option<String>,
}

impl ServeOptions {
    /// Checks the options: an address off loopback needs a token, and a token must be at
    /// least [`MIN_TOKEN`] URL-safe characters.
    ///
    /// # Errors
    /// [`Error::Invalid`] saying which.
    pub fn check(&self) -> Result<()> {
        if let Some(token) = &self.token {
            let safe = token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
            if token.len() < MIN_TOKEN || !safe {
                return Err(Error::Invalid(format!(
                    "--token must be at least {MIN_TOKEN} characters of A-Z, a-z, 0-9, -, ., _ or ~"
                )));
            }
        } else if !self.listen.ip().is_loopback() {
            return Err(Error::Invalid(format!(
                "--listen {} is not a loopback address: give --token too, so only people \
                 with the URL can use the server",
                self.listen
            )));
        }
        Ok(())
    }
}

/// A random token of 32 hex digits, from the operating system's generator.
///
/// # Errors
/// The generator is unavailable.
pub fn random_token() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::Invalid(format!("no random numbers for a token: {e}")))?;
    Ok(crate::hash::hex(&bytes))
}

/// A server bound to its address, ready to run.
#[derive(Debug)]
pub struct Server {
    runtime: tokio::runtime::Runtime,
    listener: tokio::net::TcpListener,
    app: Arc<http::App>,
    url: String,
}

impl Server {
    /// Binds the address (checked by [`ServeOptions::check`]) for a session.
    ///
    /// # Errors
    /// Invalid options, or the address cannot be bound.
    pub fn bind(session: Session<'static>, options: &ServeOptions) -> Result<Server> {
        options.check()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| Error::Invalid(format!("starting the server: {e}")))?;
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind(options.listen))
            .map_err(|e| Error::Invalid(format!("--listen {}: {e}", options.listen)))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::Invalid(format!("--listen {}: {e}", options.listen)))?;
        let url = match &options.token {
            Some(t) => format!("http://{addr}/?token={t}"),
            None => format!("http://{addr}/"),
        };
        let app = Arc::new(http::App {
            session,
            access: options.token.clone(),
            save: random_token()?,
            hosts: match options.token {
                Some(_) => Vec::new(),
                None => http::loopback_hosts(addr),
            },
        });
        Ok(Server {
            runtime,
            listener,
            app,
            url,
        })
    }

    /// The session served.
    pub fn session(&self) -> &Session<'static> {
        &self.app.session
    }

    /// The page's URL (with the access token, when there is one).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Serves until the process ends.
    ///
    /// # Errors
    /// The listener fails.
    pub fn run(self) -> Result<()> {
        let router = http::router(self.app);
        self.runtime
            .block_on(async move { axum::serve(self.listener, router).await })
            .map_err(|e| Error::Invalid(format!("serving: {e}")))
    }
}
