//! Emits the example-backed stub: `server::ExampleStub`, an implementation of `Api` answering
//! every operation with its success example, and `examples/stub_server.rs`, which serves it.

use super::rust_type;
use crate::model::{Api, MediaKind, Operation, Response, StatusSpec};
use crate::names::ident;
use crate::sample;
use proc_macro2::TokenStream;
use quote::quote;

/// The `ExampleStub` items of `server.rs`.
pub fn stub(api: &Api) -> TokenStream {
    let methods = api.operations.iter().map(|op| method(api, op));
    quote! {
        /// An implementation of [`Api`] that answers every operation with the spec's example of
        /// its success response (or a value built from the schema where there is none), the way
        /// Prism mocks an API. Serve it to test clients against the API without the real thing:
        /// `cargo run --example stub_server`.
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy, ::std::default::Default)]
        pub struct ExampleStub;

        impl Api for ExampleStub {
            #(#methods)*
        }

        /// Decodes an example the generator checked against its schema.
        #[allow(dead_code)] // Unused only by specs without response bodies.
        fn example<T: ::serde::de::DeserializeOwned>(json: &str) -> T {
            ::serde_json::from_str(json).expect("the generator checked this example against its schema")
        }
    }
}

/// The response the stub gives: the first documented success, else the first response.
fn chosen(op: &Operation) -> Option<&Response> {
    op.responses.iter().find(|r| r.is_success()).or_else(|| op.responses.first())
}

fn method(api: &Api, op: &Operation) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let request = ident(&op.types.request);
    let response_type = ident(&op.types.response);
    // An operation that documents no response at all (`responses: {}`) has nothing to give.
    let Some(response) = chosen(op) else {
        return quote! {
            async fn #fn_name(&self, _request: #request) -> #response_type {
                #response_type::Failure(Failure::not_implemented())
            }
        };
    };
    let variant = ident(&response.variant);
    let body = response.body.as_ref().map(|tu| match response.kind {
        MediaKind::Json | MediaKind::Form => {
            let value = sample::response_value(api, tu, response.example.as_ref()).to_string();
            let ty = rust_type(tu);
            quote! { example::<#ty>(#value) }
        }
        MediaKind::Text => {
            let text = response.example.as_ref().and_then(|e| e.as_str()).unwrap_or("");
            quote! { ::std::string::String::from(#text) }
        }
        MediaKind::Binary | MediaKind::Multipart => quote! { ::std::vec::Vec::new() },
    });
    let value = match (response.status, response.headers.is_empty()) {
        (StatusSpec::Code(_), true) => match body {
            Some(body) => quote! { #response_type::#variant(#body) },
            None => quote! { #response_type::#variant },
        },
        (status, _) => {
            let status = match status {
                StatusSpec::Code(_) => None,
                StatusSpec::Range(hundreds) => {
                    let code = hundreds * 100;
                    Some(
                        quote! { status: ::axum::http::StatusCode::from_u16(#code).unwrap_or(::axum::http::StatusCode::OK), },
                    )
                }
                StatusSpec::Default => Some(quote! { status: ::axum::http::StatusCode::OK, }),
            };
            let body = body.map(|b| quote! { body: #b, });
            let headers = response.headers.iter().map(|h| {
                let name = ident(&h.name);
                if h.required {
                    let value = sample::build(api, &h.ty, 0).to_string();
                    let ty = rust_type(&h.ty);
                    quote! { #name: example::<#ty>(#value), }
                } else {
                    quote! { #name: ::std::option::Option::None, }
                }
            });
            quote! { #response_type::#variant { #status #body #(#headers)* } }
        }
    };
    quote! {
        async fn #fn_name(&self, _request: #request) -> #response_type {
            #value
        }
    }
}

/// `examples/stub_server/app.rs`: the stub server's code, formatted by the generator.
pub fn example_app(api: &Api) -> TokenStream {
    let krate = ident(&api.lib_name);
    quote! {
        //! The stub server: arguments, router, graceful shutdown.

        use std::sync::Arc;

        const USAGE: &str = "usage: stub_server [--addr HOST:PORT] [--token SECRET]";

        /// Parses the arguments and serves until Ctrl-C.
        #[tokio::main]
        pub async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let mut addr = String::from("127.0.0.1:8080");
            let mut token: Option<String> = None;
            let mut args = std::env::args().skip(1);
            while let Some(arg) = args.next() {
                match arg.as_str() {
                    "--addr" => addr = args.next().ok_or(USAGE)?,
                    "--token" => token = Some(args.next().ok_or(USAGE)?),
                    "-h" | "--help" => {
                        println!("{USAGE}");
                        return Ok(());
                    }
                    other => return Err(format!("unexpected argument {other:?}\n{USAGE}").into()),
                }
            }
            let mut options = #krate::server::Options::default();
            // The secret stands for every kind of credential the spec asks for.
            if let Some(token) = token {
                let (basic, key) = (token.clone(), token.clone());
                options = options
                    .token_check(move |given| given.as_str() == token)
                    .basic_check(move |_, password| password == basic)
                    .key_check(move |_, given| given == key);
            }
            let app = #krate::server::router_with(Arc::new(#krate::server::ExampleStub), options);
            let listener = tokio::net::TcpListener::bind(&addr).await?;
            println!("stub server listening on http://{}", listener.local_addr()?);
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = tokio::signal::ctrl_c().await;
                })
                .await?;
            Ok(())
        }
    }
}

/// `examples/stub_server/main.rs`: kept trivially rustfmt-clean, like `lib.rs`, because
/// `cargo fmt` formats examples and must never disagree with `cargo xtask codegen --check`.
pub fn example_main() -> TokenStream {
    quote! {
        //! Serves the example-backed stub of the API.
        //!
        //! `cargo run --example stub_server -- [--addr 127.0.0.1:8080] [--token SECRET]`
        //!
        //! With `--token SECRET`, only that secret is accepted (as the bearer token, the Basic
        //! password and every API key); without it, any well-formed credential is.
        //! Ctrl-C stops the server after the requests in flight are answered.

        #[rustfmt::skip]
        mod app;

        fn main() -> Result<(), Box<dyn std::error::Error>> {
            app::main()
        }
    }
}
