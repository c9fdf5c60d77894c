//! The Rust examples of the generated README. They are doctests of the generated crate (the
//! README is its crate documentation), so they are built with `quote` and must compile.

use super::resolve_alias;
use crate::model::{Api, Operation, Ty, TypeKind, TypeUse};
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::quote;

/// Largest number of operations for which the server example implements every method; a
/// larger API's example implements its first and leaves the others to their default (501).
const SERVER_EXAMPLE_MAX_OPS: usize = 5;

fn crate_ident(api: &Api) -> proc_macro2::Ident {
    ident(&api.lib_name)
}

fn format(tokens: TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens) {
        Ok(file) => prettyplease::unparse(&file).trim_end().to_string(),
        Err(e) => format!("// example could not be generated: {e}"),
    }
}

/// A client example calling the first operation.
/// `let client = Client::new(…)?;` with the spec's first server and a token when one is needed.
fn construct_client(api: &Api) -> TokenStream {
    let base_url = if api.servers.is_empty() {
        quote! { "https://api.example.com" }
    } else {
        quote! { Client::DEFAULT_BASE_URL }
    };
    if api.credentials.iter().any(|c| c.kind == crate::model::CredentialKind::Bearer) {
        quote! { let client = Client::new(#base_url, "YOUR_API_TOKEN")?; }
    } else {
        quote! { let client = Client::new(#base_url)?; }
    }
}

/// For a spec with builders: the first object whose required properties all have a plain
/// sample value, built by name.
pub fn builder_example(api: &Api) -> String {
    let krate = crate_ident(api);
    let found = api.types.iter().find_map(|def| {
        let TypeKind::Struct(s) = &def.kind else { return None };
        s.builder.as_ref()?;
        let setters: Option<Vec<TokenStream>> = s
            .fields
            .iter()
            .filter(|f| f.required && f.default.is_none())
            .map(|f| {
                let value = owned_sample(api, &krate, &f.ty)?;
                let setter = ident(&f.name);
                Some(quote! { .#setter(#value) })
            })
            .collect();
        Some((def, setters?))
    });
    let Some((def, setters)) = found else { return String::new() };
    let name = ident(&def.name);
    format(quote! {
        fn main() -> Result<(), Box<dyn std::error::Error>> {
            let value = #krate::models::#name::builder()
                #(#setters)*
                .build()?;
            let json = serde_json::to_string(&value)?;
            println!("{json}");
            // A required property left out: `build` names every one.
            assert!(#krate::models::#name::builder().build().is_err());
            Ok(())
        }
    })
}

/// A value of `tu` a setter takes (`impl Into<T>`), for the plain types; `None` for others.
fn owned_sample(api: &Api, krate: &proc_macro2::Ident, tu: &TypeUse) -> Option<TokenStream> {
    if tu.nullable {
        return None;
    }
    Some(match &tu.ty {
        Ty::String => quote! { "example" },
        Ty::Bool => quote! { true },
        Ty::Int(format) => {
            let suffix = format.name().replace("uint", "u").replace("int", "i");
            let literal: TokenStream = format!("1_{suffix}").parse().ok()?;
            literal
        }
        Ty::F32 | Ty::F64 => quote! { 1.0_f64 },
        Ty::DateTime => quote! { ::chrono::DateTime::UNIX_EPOCH },
        Ty::Date => quote! { ::chrono::NaiveDate::default() },
        Ty::Vec(_) => quote! { ::std::vec::Vec::new() },
        Ty::Map(_) => quote! { ::std::collections::BTreeMap::new() },
        Ty::Json => quote! { ::serde_json::Value::Null },
        Ty::Named(name) => match api.type_def(name).map(|t| &t.kind) {
            Some(TypeKind::StringEnum(e)) => {
                let wire = e.variants.first().map_or("example", |v| v.wire.as_str());
                let name = ident(name);
                quote! { #krate::models::#name::from_wire(#wire) }
            }
            Some(TypeKind::Alias(target)) => owned_sample(api, krate, target)?,
            _ => return None,
        },
        Ty::Bytes | Ty::Tuple(_) | Ty::Mapped { .. } => return None,
    })
}

/// For a spec with paginated lists: the first one's stream, item by item.
pub fn stream_example(api: &Api) -> String {
    let krate = crate_ident(api);
    let Some((op, pagination)) = api.operations.iter().find_map(|op| Some((op, op.pagination.as_ref()?))) else {
        return String::new();
    };
    let construct = construct_client(api);
    let stream = ident(&pagination.fn_name);
    let args = op.params.iter().filter(|p| p.required).map(|p| sample_arg(api, &p.ty, p.example.as_ref()));
    let params = ident(&op.types.params);
    let allow = op.deprecated.then(|| quote! { #[allow(deprecated)] });
    format(quote! {
        use futures_util::StreamExt;
        use #krate::Client;

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            #construct
            let params = #krate::client::#params::default();
            #allow
            let items = client.#stream(#(#args,)* &params);
            let mut items = std::pin::pin!(items);
            while let Some(item) = items.next().await {
                let item = item?;
                println!("{item:?}");
            }
            Ok(())
        }
    })
}

pub fn client_example(api: &Api) -> String {
    let krate = crate_ident(api);
    let construct = construct_client(api);
    let call = api.operations.first().map(|op| {
        let call = call(api, &krate, op, quote! { client }, quote! { client });
        quote! {
            #call
            println!("{} {:?}", response.status(), response.body());
        }
    });
    format(quote! {
        use #krate::Client;

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            #construct
            #call
            Ok(())
        }
    })
}

/// `let response = …;`: a call of `op` on `receiver` with sample arguments (`module` names the module of its
/// `…Params` struct).
fn call(
    api: &Api,
    krate: &proc_macro2::Ident,
    op: &Operation,
    receiver: TokenStream,
    module: TokenStream,
) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let args = op.params.iter().filter(|p| p.required).map(|p| sample_arg(api, &p.ty, p.example.as_ref()));
    let params = op.params.iter().any(|p| !p.required).then(|| {
        let name = ident(&op.types.params);
        quote! { &#krate::#module::#name::default(), }
    });
    let body = op.body.as_ref().map(|b| {
        let value = match b.kind {
            crate::model::MediaKind::Json | crate::model::MediaKind::Form => sample_body(api, krate, b),
            crate::model::MediaKind::Text => quote! { *"example" },
            crate::model::MediaKind::Binary => quote! { *b"example".as_slice() },
            crate::model::MediaKind::Multipart => {
                let body = if b.required {
                    quote! { b"example".as_slice() }
                } else {
                    quote! { None }
                };
                return quote! { #body, "multipart/form-data; boundary=x" };
            }
        };
        let value = if b.required {
            quote! { &#value }
        } else {
            quote! { None }
        };
        match b.media_types.as_ref().map(|choice| resolve_alias(api, choice).ty.clone()) {
            Some(Ty::Named(choice)) => {
                let choice = ident(&choice);
                let media = &b.media_type;
                quote! { #value, #krate::models::#choice::from_wire(#media) }
            }
            _ => value,
        }
    });
    let allow = op.deprecated.then(|| quote! { #[allow(deprecated)] });
    quote! {
        #allow
        let response = #receiver.#fn_name(#(#args,)* #params #body).await?;
    }
}

/// For a spec with webhooks: a receiver served below a URL, and the sender delivering the
/// first webhook to it.
pub fn webhook_example(api: &Api) -> String {
    let krate = crate_ident(api);
    let Some(first) = api.webhooks.first() else { return String::new() };
    let methods = api.webhooks.iter().map(webhook_method);
    let send = call(api, &krate, first, quote! { sender }, quote! { client::webhooks });
    format(quote! {
        use std::sync::Arc;
        use #krate::server::webhooks::{self, Webhooks};

        struct MyReceiver;

        impl Webhooks for MyReceiver {
            #(#methods)*
        }

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            // Served at the URL registered with the API: http://127.0.0.1:8080/hooks here.
            let app = axum::Router::new().nest("/hooks", webhooks::router(Arc::new(MyReceiver)));
            let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
            tokio::spawn(async move { axum::serve(listener, app).await });

            // In a test, deliver a webhook as the API would.
            let sender = #krate::client::webhooks::WebhookSender::new("http://127.0.0.1:8080/hooks")?;
            #send
            println!("{}", response.status());
            Ok(())
        }
    })
}

fn webhook_method(op: &Operation) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let request = ident(&op.types.request);
    let response = ident(&op.types.response);
    let message = format!("handle webhook {}", op.id);
    quote! {
        async fn #fn_name(&self, request: webhooks::#request) -> webhooks::#response {
            let _ = request;
            todo!(#message)
        }
    }
}

/// An expression of the body's type: its `Default` when the spec gives defaults, else the
/// spec's example (or an empty object) decoded at run time.
fn sample_body(api: &Api, krate: &proc_macro2::Ident, body: &crate::model::Body) -> TokenStream {
    if let (Ty::Named(name), false) = (&body.ty.ty, body.ty.nullable) {
        let type_name = ident(name);
        if super::models::has_default(api, name) {
            return quote! { #krate::models::#type_name::default() };
        }
        let example = body.example.as_ref().map(|v| v.to_string()).unwrap_or_else(|| "{}".into());
        return quote! { ::serde_json::from_str::<#krate::models::#type_name>(#example)? };
    }
    let example = body.example.as_ref().map(|v| v.to_string()).unwrap_or_else(|| "null".into());
    quote! { ::serde_json::from_str(#example)? }
}

fn sample_arg(api: &Api, tu: &TypeUse, example: Option<&serde_json::Value>) -> TokenStream {
    let resolved = resolve_alias(api, tu);
    let value = match (&resolved.ty, example) {
        // A configured type: its `Default` (the README says mapped types need one).
        _ if super::mapped_of(api, tu).is_some() => quote! { &Default::default() },
        (Ty::String, Some(serde_json::Value::String(s))) => quote! { #s },
        (Ty::String, _) => quote! { "example" },
        (Ty::Bool, _) => quote! { false },
        (Ty::Int(_), Some(v)) if v.is_i64() => {
            super::num_literal(crate::model::Num::Int(v.as_i64().unwrap_or(1)), &resolved.ty)
        }
        (Ty::Int(_), _) => quote! { 1 },
        (Ty::F32 | Ty::F64, _) => quote! { 1.0 },
        (Ty::DateTime, _) => quote! { ::chrono::DateTime::UNIX_EPOCH },
        (Ty::Date, _) => quote! { ::chrono::NaiveDate::default() },
        (Ty::Vec(_), _) => quote! { &[] },
        (Ty::Named(name), _) if matches!(api.type_def(name).map(|t| &t.kind), Some(TypeKind::StringEnum(_))) => {
            let krate = crate_ident(api);
            let name = ident(name);
            let wire = example.and_then(|v| v.as_str()).unwrap_or("example");
            quote! { &#krate::models::#name::from_wire(#wire) }
        }
        _ => quote! { &Default::default() },
    };
    if resolved.nullable {
        quote! { Some(#value) }
    } else {
        value
    }
}

/// A server example implementing every operation of a small API, the first of a large one.
pub fn server_example(api: &Api) -> String {
    let krate = crate_ident(api);
    let methods =
        api.operations.iter().take(if api.operations.len() > SERVER_EXAMPLE_MAX_OPS { 1 } else { usize::MAX });
    let methods = methods.map(server_method);
    format(quote! {
        use std::sync::Arc;
        use #krate::server::{self, Api};

        struct MyApi;

        impl Api for MyApi {
            #(#methods)*
        }

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let app = server::router(Arc::new(MyApi));
            let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
            axum::serve(listener, app).await?;
            Ok(())
        }
    })
}

fn server_method(op: &Operation) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let request = ident(&op.types.request);
    let response = ident(&op.types.response);
    let message = format!("handle {}", op.id);
    quote! {
        async fn #fn_name(&self, request: server::#request) -> server::#response {
            let _ = request;
            todo!(#message)
        }
    }
}

/// How to test an implementation without a network: call a method with a request built in
/// code, and drive the router in memory with `tower::ServiceExt::oneshot`.
pub fn testing_example(api: &Api) -> String {
    let krate = crate_ident(api);
    let Some(op) = api.operations.first() else { return String::new() };
    let fn_name = ident(&op.fn_name);
    let request = ident(&op.types.request);
    let response = ident(&op.types.response);
    let json_arg = |tu: &TypeUse| {
        let json = crate::sample::build(api, tu, 0).to_string();
        quote! { ::serde_json::from_str(#json)? }
    };
    let mut args: Vec<TokenStream> = op.params.iter().filter(|p| p.required).map(|p| json_arg(&p.ty)).collect();
    if let Some(body) = &op.body {
        let value = match body.kind {
            crate::model::MediaKind::Json | crate::model::MediaKind::Form => json_arg(&body.ty),
            crate::model::MediaKind::Text => quote! { ::std::string::String::from("example") },
            crate::model::MediaKind::Binary | crate::model::MediaKind::Multipart => quote! { b"example".to_vec() },
        };
        // A body offered in several forms is handed over as the one that came.
        let value = match &body.content {
            Some(name) => {
                let name = ident(name);
                let variant = super::server::primary_variant(body.kind);
                quote! { server::#name::#variant(#value) }
            }
            None => value,
        };
        args.push(if body.required {
            value
        } else {
            quote! { ::std::option::Option::Some(#value) }
        });
    }
    for &index in &op.security {
        args.push(match &api.credentials[index].kind {
            crate::model::CredentialKind::Bearer => quote! { server::BearerToken::new("token") },
            crate::model::CredentialKind::Basic => {
                quote! { server::BasicCredentials { username: "user".into(), password: "secret".into() } }
            }
            crate::model::CredentialKind::ApiKey { .. } => quote! { server::ApiKey("key".into()) },
        });
    }
    let method = op.method.as_str();
    let uri: String =
        op.path.split('/').map(|s| if s.starts_with('{') { "1" } else { s }).collect::<Vec<_>>().join("/");
    format(quote! {
        use std::sync::Arc;
        use tower::ServiceExt; // `oneshot`
        use #krate::server::{self, Api};

        /// Implements nothing yet: every operation answers 501 Not Implemented.
        struct MyApi;

        impl Api for MyApi {}

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            // Call the implementation directly, with a request built in code.
            let request = server::#request::new(#(#args),*);
            let response = MyApi.#fn_name(request).await;
            assert!(matches!(response, server::#response::Failure(_)));

            // Or drive the whole router in memory: checks, rejections and all.
            let app = server::router(Arc::new(MyApi));
            let request = axum::http::Request::builder().method(#method).uri(#uri).body(axum::body::Body::empty())?;
            let response = app.oneshot(request).await?;
            println!("{}", response.status());
            Ok(())
        }
    })
}
