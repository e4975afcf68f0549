//! The HTTP side of the tuning server (axum on tokio): routes, the access and save tokens,
//! the Host check, body limits and security headers. Every answer is computed by
//! [`Session`]; nothing here reads or writes a file.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tower_http::limit::RequestBodyLimitLayer;

use super::api::{parse_body, ApiError, RankRequest, SaveRequest};
use super::page;
use super::session::Session;

/// The largest request body taken, in bytes.
pub const MAX_BODY: usize = 64 * 1024;

/// The header that carries the save token.
pub const SAVE_TOKEN_HEADER: &str = "x-shiprank-save-token";

/// What every request handler shares.
#[derive(Debug)]
pub(super) struct App {
    pub(super) session: Session<'static>,
    /// The token every request needs (but the page's style sheet and script), if any.
    pub(super) access: Option<String>,
    /// The token Save needs, given to the page.
    pub(super) save: String,
    /// The Host header values accepted when there is no access token (loopback names of the
    /// bound address), so that a page of another site cannot reach the server through a
    /// name of its own that resolves to 127.0.0.1.
    pub(super) hosts: Vec<String>,
}

type Shared = Arc<App>;

/// The routes.
pub(super) fn router(app: Shared) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/page.css", get(style))
        .route("/page.js", get(script))
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .route("/api/roles", get(roles))
        .route("/api/rank", post(rank))
        .route("/api/export", post(export))
        .route("/api/roles/{id}/save", post(save))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        .layer(middleware::map_response(finish))
        .with_state(app)
}

/// The loopback Host header values of a bound address.
pub(super) fn loopback_hosts(addr: SocketAddr) -> Vec<String> {
    let port = addr.port();
    vec![
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        addr.to_string(),
    ]
}

/// Compares secrets in time that does not depend on where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The token a request carries: `Authorization: Bearer T`, or `?token=T`.
fn token_of(request: &Request) -> Option<String> {
    if let Some(v) = request.headers().get(header::AUTHORIZATION) {
        return v
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::to_string);
    }
    // Tokens are URL-safe (checked when given), so the query needs no decoding.
    request
        .uri()
        .query()?
        .split('&')
        .find_map(|pair| pair.strip_prefix("token=").map(str::to_string))
}

/// Checks the Host header and the access token.
async fn guard(State(app): State<Shared>, request: Request, next: Next) -> Response {
    if !app.hosts.is_empty() {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        if !app.hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
            return error(&ApiError {
                status: 403,
                message: format!("unexpected Host header \"{host}\""),
            });
        }
    }
    let public = matches!(
        request.uri().path(),
        "/page.css" | "/page.js" | "/favicon.ico"
    );
    if let Some(access) = &app.access {
        if !public && !token_of(&request).is_some_and(|t| same_secret(&t, access)) {
            return error(&ApiError {
                status: 401,
                message: "this server needs its access token (the URL it printed carries it)"
                    .into(),
            });
        }
    }
    next.run(request).await
}

/// Every answer: security headers, and JSON for a body refused by the size limit.
async fn finish(response: Response) -> Response {
    let mut response = match response.status() {
        StatusCode::PAYLOAD_TOO_LARGE => error(&ApiError {
            status: 413,
            message: format!("request bodies are limited to {} KiB", MAX_BODY / 1024),
        }),
        _ => response,
    };
    let headers = response.headers_mut();
    for (name, value) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; frame-ancestors 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

fn error(e: &ApiError) -> Response {
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST);
    with_type(status, "application/json", e.body().into_bytes())
}

fn with_type(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response {
    let mut response = (status, Body::from(body)).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn json(result: Result<Vec<u8>, ApiError>) -> Response {
    match result {
        Ok(body) => with_type(StatusCode::OK, "application/json", body),
        Err(e) => error(&e),
    }
}

/// Runs CPU-bound work off the async workers.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|_| Err(ApiError::bad("the request failed")))
}

async fn index(State(app): State<Shared>) -> Response {
    with_type(
        StatusCode::OK,
        "text/html; charset=utf-8",
        page::index(&app.save).into_bytes(),
    )
}

async fn style() -> Response {
    with_type(
        StatusCode::OK,
        "text/css; charset=utf-8",
        page::STYLE.into(),
    )
}

async fn script() -> Response {
    with_type(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        page::SCRIPT.into(),
    )
}

async fn roles(State(app): State<Shared>) -> Response {
    json(serde_json::to_vec(&app.session.roles_answer()).map_err(|e| ApiError::bad(e.to_string())))
}

async fn rank(State(app): State<Shared>, body: Bytes) -> Response {
    let result = match parse_body::<RankRequest>(&body) {
        Ok(request) => blocking(move || app.session.rank(&request)).await,
        Err(e) => Err(e),
    };
    json(result)
}

async fn export(State(app): State<Shared>, body: Bytes) -> Response {
    let request = match parse_body::<RankRequest>(&body) {
        Ok(request) => request,
        Err(e) => return error(&e),
    };
    let file: String = request
        .role
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    match blocking(move || app.session.export(&request)).await {
        Ok(csv) => {
            let mut response = with_type(StatusCode::OK, "text/csv; charset=utf-8", csv);
            let disposition = format!("attachment; filename=\"{file}-shortlist.csv\"");
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                response
                    .headers_mut()
                    .insert(header::CONTENT_DISPOSITION, v);
            }
            response
        }
        Err(e) => error(&e),
    }
}

async fn save(
    State(app): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let token = headers
        .get(SAVE_TOKEN_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !same_secret(token, &app.save) {
        return error(&ApiError {
            status: 403,
            message: format!("saving needs the page's save token (header {SAVE_TOKEN_HEADER})"),
        });
    }
    let result = match parse_body::<SaveRequest>(&body) {
        Ok(request) => {
            blocking(move || {
                let answer = app.session.save(&id, &request)?;
                serde_json::to_vec(&answer).map_err(|e| ApiError::bad(e.to_string()))
            })
            .await
        }
        Err(e) => Err(e),
    };
    json(result)
}

async fn not_found() -> Response {
    error(&ApiError {
        status: 404,
        message: "not found".into(),
    })
}
