//! Emits `src/server.rs`: the `Api` trait a team implements, typed requests and responses per
//! operation, and the axum router that validates every request before calling the trait.

use super::client::source_ident;
use super::validate::{Patterns, check_or_pass, value_checks};
use super::{doc_attr, local_ident, resolve_alias, rust_type, to_text};
use crate::model::{
    Api, Credential, CredentialKind, Header, MediaKind, Operation, Param, ParamIn, Response, StatusSpec, Ty, TypeUse,
};
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The trait a router calls: [`Api`] for operations, `Webhooks` for the webhooks the API sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Api,
    Webhooks,
}

impl Side {
    fn trait_ident(self) -> proc_macro2::Ident {
        match self {
            Side::Api => format_ident!("Api"),
            Side::Webhooks => format_ident!("Webhooks"),
        }
    }
}

/// `server.rs` in parts: the shared items, then the operations in groups, then the support
/// code and pattern statics.
pub fn parts(api: &Api) -> Vec<super::Part<'_>> {
    // Only routed operations have handlers, so only their patterns are checked here.
    let patterns = Patterns::of_operations(api, api.operations.iter().filter(|op| op.route.is_some()));
    let mut parts: Vec<super::Part<'_>> = vec![Box::new(move || head(api))];
    parts.extend(super::chunked(
        api,
        &api.operations,
        super::OPERATIONS_PER_PART,
        &patterns,
        |api, chunk, patterns| operation_items(api, chunk, patterns, Side::Api),
    ));
    parts.push(Box::new(move || {
        let support = super::server_support::emit(
            api.credentials.iter().any(|c| c.kind == CredentialKind::Basic),
            api.credentials.iter().any(|c| matches!(c.kind, CredentialKind::ApiKey { .. })),
        );
        let statics = patterns.statics();
        quote! { #support #statics }
    }));
    parts
}

/// `server/webhooks.rs` in parts, for a spec with webhooks: the receiver, built like the
/// server from the same pieces, and sharing its support code through `use super::*`.
pub fn webhook_parts(api: &Api) -> Vec<super::Part<'_>> {
    let patterns = Patterns::of_operations(api, api.webhooks.iter().filter(|op| op.route.is_some()));
    let mut parts: Vec<super::Part<'_>> = vec![Box::new(move || webhook_head(api))];
    parts.extend(super::chunked(api, &api.webhooks, super::OPERATIONS_PER_PART, &patterns, |api, chunk, patterns| {
        operation_items(api, chunk, patterns, Side::Webhooks)
    }));
    parts.push(Box::new(move || patterns.statics()));
    parts
}

/// Each operation's request struct, response enum and handler.
fn operation_items(api: &Api, chunk: &[Operation], patterns: &mut Patterns, side: Side) -> TokenStream {
    let items = chunk.iter().map(|op| {
        let request = request_struct(api, op);
        let choice = op.body.as_ref().and_then(body_enum);
        let response = response_enum(api, op);
        // An operation the router cannot reach (see `Operation::route`) gets no handler.
        let handler = op.route.is_some().then(|| handler(api, patterns, op, side));
        quote! { #request #choice #response #handler }
    });
    quote! { #(#items)* }
}

/// The type of a request's body: the body's own, or the enum of a body that comes in several
/// forms.
fn body_type(body: &crate::model::Body) -> TokenStream {
    match &body.content {
        Some(name) => {
            let name = ident(name);
            quote! { #name }
        }
        None => rust_type(&body.ty),
    }
}

/// The variant of a body's `…Content` enum that holds the body in its generated form.
pub fn primary_variant(kind: MediaKind) -> proc_macro2::Ident {
    let name = match kind {
        MediaKind::Json => "Json",
        MediaKind::Form => "Form",
        MediaKind::Text => "Text",
        MediaKind::Binary => "Bytes",
        MediaKind::Multipart => "Multipart",
    };
    ident(name)
}

/// The enum of a body that comes in several forms: as generated, as `multipart/form-data`
/// beside JSON, or as a media type the generator does not model.
fn body_enum(body: &crate::model::Body) -> Option<TokenStream> {
    let name = ident(body.content.as_ref()?);
    let primary = primary_variant(body.kind);
    let primary_ty = match body.kind {
        MediaKind::Json | MediaKind::Form => rust_type(&body.ty),
        MediaKind::Text => quote! { ::std::string::String },
        MediaKind::Binary | MediaKind::Multipart => quote! { ::std::vec::Vec<u8> },
    };
    let forms: Vec<String> = std::iter::once(&body.media_type)
        .chain(&body.also_accepted)
        .chain(body.multipart.as_ref().map(|choice| &choice.body.media_type))
        .chain(&body.others)
        .map(|m| format!("`{m}`"))
        .collect();
    let doc = format!(" The request body, as {}.", forms.join(" or "));
    let primary_doc = match body.kind {
        MediaKind::Json | MediaKind::Form => format!(" `{}`, decoded and checked.", body.media_type),
        _ => format!(" `{}`, as sent.", body.media_type),
    };
    let multipart = body.multipart.as_ref().map(|_| {
        quote! {
            /// `multipart/form-data`: the bytes as sent (each part checked against the schema
            /// when it is an object or a union of objects); the boundary is in the request's `Content-Type` header.
            Multipart(::std::vec::Vec<u8>),
        }
    });
    let other = (!body.others.is_empty()).then(|| {
        let listed: Vec<String> = body.others.iter().map(|m| format!("`{m}`")).collect();
        let doc = format!(
            " {}: the bytes as sent, unchecked (the generator does not model this media type); which one is in the request's `Content-Type` header.",
            listed.join(" or ")
        );
        quote! {
            #[doc = #doc]
            Other(::std::vec::Vec<u8>),
        }
    });
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug)]
        pub enum #name {
            #[doc = #primary_doc]
            #primary(#primary_ty),
            #multipart
            #other
        }
    })
}

fn head(api: &Api) -> TokenStream {
    let trait_methods = api.operations.iter().map(|op| trait_method(op, Side::Api));
    let routes = routes(&api.operations);
    let webhooks = (!api.webhooks.is_empty()).then(|| {
        quote! {
            #[rustfmt::skip]
            pub mod webhooks;
        }
    });
    let renderer = spec_renderer(api);
    let stub = super::stub::stub(api);
    let multipart = api.uses_multipart_parts().then(|| quote! { use crate::multipart::read_multipart; });
    quote! {
        //! Server side: implement [`Api`] and serve [`router`] with axum.
        //!
        //! The router checks every request against the spec (bearer token, parameters, body, every
        //! rule) and answers violations itself, so an implementation only sees valid requests.

        // The request plumbing every handler calls (body reading, parameter parsing, decoding).
        use crate::server_support::*;
        #multipart

        #webhooks

        /// The API, one method per operation. Implement it and pass it to [`router`].
        // Method names are operationIds: `from_str` or `into_x` here is an operation, not a
        // conversion, so clippy's naming convention for those prefixes does not apply.
        #[allow(clippy::wrong_self_convention)]
        pub trait Api: ::std::marker::Send + ::std::marker::Sync + 'static {
            #(#trait_methods)*
        }

        /// The router for `api` with default [`Options`].
        pub fn router<A: Api>(api: ::std::sync::Arc<A>) -> ::axum::Router {
            router_with(api, Options::default())
        }

        /// The router for `api` with `options`.
        pub fn router_with<A: Api>(api: ::std::sync::Arc<A>, options: Options) -> ::axum::Router {
            let shared = ::std::sync::Arc::new(Shared { api, options });
            ::axum::Router::new()
                #routes
                .fallback(not_found::<A>)
                .with_state(shared)
        }

        /// Answers requests for paths the spec does not have (in the webhook receiver too).
        async fn not_found<A>(
            ::axum::extract::State(shared): ::axum::extract::State<::std::sync::Arc<Shared<A>>>,
            request: ::axum::extract::Request,
        ) -> ::axum::response::Response {
            let detail = format!("no operation matches {}", request.uri().path());
            shared.reject(request.headers(), None, ::axum::http::StatusCode::NOT_FOUND, detail, ::std::vec::Vec::new())
        }

        #renderer
        #stub
    }
}

fn webhook_head(api: &Api) -> TokenStream {
    let trait_methods = api.webhooks.iter().map(|op| trait_method(op, Side::Webhooks));
    let routes = routes(&api.webhooks);
    quote! {
        //! Receiving the webhooks the API sends: implement [`Webhooks`] and serve [`router`] at
        //! the URL registered with the API. Each webhook arrives at `/{name}` below it, as
        //! [`crate::client::webhooks::WebhookSender`] sends it.
        //!
        //! The router checks every request against the spec and answers violations itself, like
        //! [`crate::server::router`], so an implementation only sees valid requests.

        // The server's request plumbing, options and rejections.
        use super::*;

        /// The webhooks, one method per webhook. Implement it and pass it to [`router`].
        #[allow(clippy::wrong_self_convention)]
        pub trait Webhooks: ::std::marker::Send + ::std::marker::Sync + 'static {
            #(#trait_methods)*
        }

        /// The receiver for `webhooks` with default [`Options`].
        pub fn router<A: Webhooks>(webhooks: ::std::sync::Arc<A>) -> ::axum::Router {
            router_with(webhooks, Options::default())
        }

        /// The receiver for `webhooks` with `options`.
        pub fn router_with<A: Webhooks>(webhooks: ::std::sync::Arc<A>, options: Options) -> ::axum::Router {
            let shared = ::std::sync::Arc::new(Shared { api: webhooks, options });
            ::axum::Router::new()
                #routes
                .fallback(not_found::<A>)
                .with_state(shared)
        }

    }
}

fn trait_method(op: &Operation, side: Side) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let request = ident(&op.types.request);
    let response = ident(&op.types.response);
    let signature_doc = match side {
        Side::Api => format!(" `{} {}` (operation `{}`).", op.method.as_str(), op.shown_path(), op.id),
        Side::Webhooks => {
            format!(" Webhook `{}`: `{} {}` below the receiver's URL.", op.id, op.method.as_str(), op.path)
        }
    };
    let doc = super::doc_then(op.doc.as_deref(), &signature_doc);
    quote! {
        #doc
        ///
        /// Not implemented unless overridden: answers `501 Not Implemented`.
        fn #fn_name(&self, request: #request) -> impl ::std::future::Future<Output = #response> + ::std::marker::Send {
            let _ = request;
            async { #response::Failure(Failure::not_implemented()) }
        }
    }
}

/// The type a parameter has in the request struct: `Option` unless required.
fn param_type(param: &Param) -> TokenStream {
    let ty = rust_type(&param.ty);
    if param.required {
        ty
    } else {
        quote! { ::std::option::Option<#ty> }
    }
}

fn request_struct(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.types.request);
    let doc = format!(" A validated `{}` request.", op.id);
    let params = op.params.iter().map(|p| {
        let field = ident(&p.name);
        let ty = param_type(p);
        let doc = doc_attr(p.doc.as_deref().or(Some(&format!(
            "The `{}` {} parameter.",
            p.wire_name,
            location_name(p.location)
        ))));
        quote! { #doc pub #field: #ty, }
    });
    let body = op.body.as_ref().map(|b| {
        let ty = body_type(b);
        let ty = if b.required {
            ty
        } else {
            quote! { ::std::option::Option<#ty> }
        };
        let doc = doc_attr(b.doc.as_deref().or(Some("The request body.")));
        quote! { #doc pub body: #ty, }
    });
    let token = op.security.iter().map(|&i| {
        let Credential { kind, field, .. } = &api.credentials[i];
        let field = ident(field.as_str());
        match kind {
            CredentialKind::Bearer => quote! { /// The caller's bearer token.
            pub #field: BearerToken, },
            CredentialKind::Basic => quote! { /// The caller's Basic credentials.
            pub #field: BasicCredentials, },
            CredentialKind::ApiKey { name, .. } => {
                let doc = format!(" The caller's `{name}` API key.");
                quote! { #[doc = #doc] pub #field: ApiKey, }
            }
        }
    });
    let debug_fields = op.params.iter().map(|p| {
        let field = ident(&p.name);
        let label = p.name.trim_start_matches("r#");
        if p.secret {
            quote! { .field(#label, &"[redacted]") }
        } else {
            quote! { .field(#label, &self.#field) }
        }
    });
    let debug_body = op.body.as_ref().map(|_| quote! { .field("body", &self.body) });
    let debug_token = op.security.iter().map(|&i| {
        let field = &api.credentials[i].field;
        let label = field.trim_start_matches("r#");
        let field = ident(field);
        quote! { .field(#label, &self.#field) }
    });
    let label = name.to_string();
    // `new`: what a unit test of an implementation needs to call it without HTTP. Required
    // values are arguments, optional ones start as `None` (the fields are public).
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for p in &op.params {
        let field = ident(&p.name);
        if p.required {
            let ty = param_type(p);
            args.push(quote! { #field: #ty });
            inits.push(quote! { #field, });
        } else {
            inits.push(quote! { #field: ::std::option::Option::None, });
        }
    }
    if let Some(b) = &op.body {
        let ty = body_type(b);
        let ty = if b.required {
            ty
        } else {
            quote! { ::std::option::Option<#ty> }
        };
        args.push(quote! { body: #ty });
        inits.push(quote! { body, });
    }
    for &i in &op.security {
        let Credential { kind, field, .. } = &api.credentials[i];
        let field = ident(field.as_str());
        let ty = match kind {
            CredentialKind::Bearer => quote! { BearerToken },
            CredentialKind::Basic => quote! { BasicCredentials },
            CredentialKind::ApiKey { .. } => quote! { ApiKey },
        };
        args.push(quote! { #field: #ty });
        inits.push(quote! { #field, });
    }
    let method = format_ident!("{}", op.method.as_str());
    let new_doc = format!(
        " A `{}` request as the router would hand it over, to call an implementation directly (in a unit test, say): optional parameters are `None`, and `parts` is an empty `{}` request.",
        op.id,
        op.method.as_str()
    );
    quote! {
        #[doc = #doc]
        #[non_exhaustive]
        pub struct #name {
            #(#params)*
            #body
            #(#token)*
            /// The request's method, URI, headers and extensions, for anything the spec does not
            /// describe.
            pub parts: ::axum::http::request::Parts,
        }

        // Headers are left out: they carry the bearer token.
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label)
                    #(#debug_fields)*
                    #debug_body
                    #(#debug_token)*
                    .field("method", &self.parts.method)
                    .field("path", &self.parts.uri.path())
                    .finish_non_exhaustive()
            }
        }

        // A request of an operation without parameters, body or credentials has nothing to
        // default; `new` still says what it is.
        #[allow(clippy::new_without_default)]
        impl #name {
            #[doc = #new_doc]
            pub fn new(#(#args),*) -> Self {
                let (mut parts, ()) = ::axum::http::Request::new(()).into_parts();
                parts.method = ::axum::http::Method::#method;
                Self { #(#inits)* parts }
            }
        }
    }
}

fn location_name(location: ParamIn) -> &'static str {
    match location {
        ParamIn::Path => "path",
        ParamIn::Query => "query",
        ParamIn::Header => "header",
        ParamIn::Cookie => "cookie",
    }
}

/// Whether a response variant carries a runtime status (ranges and `default`).
fn has_status_field(response: &Response) -> bool {
    !matches!(response.status, StatusSpec::Code(_))
}

fn response_enum(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.types.response);
    let doc = format!(" Every response the spec documents for `{}`.", op.id);
    let variants = op.responses.iter().map(response_variant);
    let arms = op.responses.iter().map(|r| response_arm(api, r));
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        pub enum #name {
            #(#variants)*
            /// An error the spec does not document for this operation (a 404, a 409, a 503, or
            /// the 501 of an operation not implemented yet), answered like the router's own
            /// rejections.
            Failure(Failure),
        }

        impl ::axum::response::IntoResponse for #name {
            fn into_response(self) -> ::axum::response::Response {
                match self {
                    #(#arms)*
                    Self::Failure(failure) => failure.into_response(),
                }
            }
        }
    }
}

fn response_variant(response: &Response) -> TokenStream {
    let Response { status, variant, doc, body, example: _, headers, media_type: _, kind: _, example_pointer: _ } =
        response;
    let variant = ident(variant);
    let status_doc = match status {
        StatusSpec::Code(code) => format!(" Status {code}."),
        StatusSpec::Range(r) => format!(" A {r}XX status."),
        StatusSpec::Default => " Any status the spec does not list.".to_string(),
    };
    let doc = doc_attr(doc.as_deref());
    let head = quote! { #doc #[doc = ""] #[doc = #status_doc] };
    let status_field = has_status_field(response).then(|| {
        quote! { /// The status to send.
        status: ::axum::http::StatusCode, }
    });
    if status_field.is_none() && headers.is_empty() {
        return match body {
            Some(tu) => {
                let ty = rust_type(tu);
                quote! { #head #variant(#ty), }
            }
            None => quote! { #head #variant, },
        };
    }
    let body = body.as_ref().map(|tu| {
        let ty = rust_type(tu);
        quote! { /// The body.
        body: #ty, }
    });
    let headers = headers.iter().map(header_field);
    quote! { #head #variant { #status_field #body #(#headers)* }, }
}

fn header_field(header: &Header) -> TokenStream {
    let name = ident(&header.name);
    let ty = rust_type(&header.ty);
    let ty = if header.required {
        ty
    } else {
        quote! { ::std::option::Option<#ty> }
    };
    let doc = doc_attr(header.doc.as_deref().or(Some(&format!("The `{}` header.", header.wire_name))));
    quote! { #doc #name: #ty, }
}

fn response_arm(api: &Api, response: &Response) -> TokenStream {
    let variant = ident(&response.variant);
    let status = match response.status {
        StatusSpec::Code(code) => quote! { status_code(#code) },
        _ => quote! { status },
    };
    let build = match (&response.body, response.kind) {
        // A JSON media type of its own (`application/scim+json`) is sent as documented.
        (Some(_), MediaKind::Json)
            if !response.media_type.contains('*')
                && !response.media_type.eq_ignore_ascii_case("application/json")
                && response.media_type.bytes().all(|b| (0x20..0x7f).contains(&b)) =>
        {
            let media = &response.media_type;
            quote! {
                let mut response = json_response(#status, &body);
                response.headers_mut().insert(::axum::http::header::CONTENT_TYPE, ::axum::http::HeaderValue::from_static(#media));
            }
        }
        (Some(_), MediaKind::Json | MediaKind::Form) => quote! { let mut response = json_response(#status, &body); },
        (Some(_), MediaKind::Text) => {
            let media = super::client::sent_media_type(&response.media_type);
            quote! { let mut response = raw_response(#status, #media, body.into_bytes()); }
        }
        (Some(_), MediaKind::Binary | MediaKind::Multipart) => {
            let media = super::client::sent_media_type(&response.media_type);
            quote! { let mut response = raw_response(#status, #media, body); }
        }
        (None, _) => quote! { let mut response = ::axum::response::IntoResponse::into_response(#status); },
    };
    let header_sets = response.headers.iter().map(|h| {
        let name = ident(&h.name);
        let wire = &h.wire_name;
        let text = to_text(api, quote! { value }, &h.ty);
        let set = quote! { set_header(&mut response, #wire, #text); };
        if h.required {
            quote! { { let value = &#name; #set } }
        } else {
            quote! { if let ::std::option::Option::Some(value) = &#name { #set } }
        }
    });
    let pattern = if !has_status_field(response) && response.headers.is_empty() {
        if response.body.is_some() {
            quote! { Self::#variant(body) }
        } else {
            quote! { Self::#variant }
        }
    } else {
        let status_binding = has_status_field(response).then(|| quote! { status, });
        let body_binding = response.body.as_ref().map(|_| quote! { body, });
        let header_bindings = response.headers.iter().map(|h| {
            let name = ident(&h.name);
            quote! { #name, }
        });
        quote! { Self::#variant { #status_binding #body_binding #(#header_bindings)* } }
    };
    let mutable = if response.headers.is_empty() {
        quote! { #[allow(unused_mut)] }
    } else {
        TokenStream::new()
    };
    // Without headers to set, the arm is the response itself.
    let simple = match (&response.body, response.kind) {
        (Some(_), MediaKind::Json) if response.media_type.eq_ignore_ascii_case("application/json") => {
            Some(quote! { json_response(#status, &body) })
        }
        (Some(_), MediaKind::Form) => Some(quote! { json_response(#status, &body) }),
        (None, _) => Some(quote! { ::axum::response::IntoResponse::into_response(#status) }),
        _ => None,
    };
    if let (Some(simple), true) = (simple, response.headers.is_empty()) {
        return quote! { #pattern => #simple, };
    }
    quote! {
        #pattern => {
            #mutable
            #build
            #(#header_sets)*
            response
        }
    }
}

fn routes(operations: &[Operation]) -> TokenStream {
    let mut paths: Vec<(&str, Vec<&Operation>)> = Vec::new();
    for op in operations {
        let Some(route) = &op.route else { continue };
        match paths.iter_mut().find(|(p, _)| *p == route) {
            Some((_, ops)) => ops.push(op),
            None => paths.push((route, vec![op])),
        }
    }
    let routes = paths.iter().map(|(path, ops)| {
        let mut by_method: Vec<(crate::model::Method, Vec<&Operation>)> = Vec::new();
        for op in ops {
            match by_method.iter_mut().find(|(m, _)| *m == op.method) {
                Some((_, same)) => same.push(op),
                None => by_method.push((op.method, vec![op])),
            }
        }
        let methods = by_method.iter().map(|(method, same)| {
            let method = format_ident!("{}", method.as_str().to_lowercase());
            match same.as_slice() {
                [op] if op.key_query.is_empty() => {
                    let handler = ident(&op.handler);
                    quote! { #method(#handler::<A>) }
                }
                _ => {
                    let dispatch = dispatch_by_query(same);
                    quote! { #method(|state: ::axum::extract::State<::std::sync::Arc<Shared<A>>>, request: ::axum::extract::Request| async move { #dispatch }) }
                }
            }
        });
        let allow = by_method.iter().map(|(method, _)| method.as_str()).collect::<Vec<_>>().join(", ");
        let path = if path.starts_with('/') { path.to_string() } else { format!("/{path}") };
        quote! {
            .route(
                #path,
                ::axum::routing::MethodRouter::new()
                    #(.merge(::axum::routing::#methods))*
                    .fallback(|::axum::extract::State(shared): ::axum::extract::State<::std::sync::Arc<Shared<A>>>, request: ::axum::extract::Request| async move {
                        method_not_allowed(&shared, &request, #allow)
                    }),
            )
        }
    });
    quote! { #(#routes)* }
}

/// Operations of one method and route told apart by the query their path keys carry: the
/// one whose pairs the request carries (the most pairs first), else the one at the plain path,
/// else no operation.
fn dispatch_by_query(operations: &[&Operation]) -> TokenStream {
    let mut keyed: Vec<&&Operation> = operations.iter().filter(|op| !op.key_query.is_empty()).collect();
    keyed.sort_by_key(|op| std::cmp::Reverse(op.key_query.len()));
    let tries = keyed.iter().map(|op| {
        let handler = ident(&op.handler);
        let pairs = op.key_query.iter().map(|(name, value)| quote! { (#name, #value) });
        quote! {
            if carries_query(request.uri(), &[#(#pairs),*]) {
                return #handler::<A>(state, request).await;
            }
        }
    });
    let otherwise = match operations.iter().find(|op| op.key_query.is_empty()) {
        Some(plain) => {
            let handler = ident(&plain.handler);
            quote! { #handler::<A>(state, request).await }
        }
        None => quote! { not_found::<A>(state, request).await },
    };
    quote! {
        #(#tries)*
        #otherwise
    }
}

/// The default renderer: each operation's documented error body where its schema has an
/// `x-rejection` template, RFC 9457 problem+json otherwise.
fn spec_renderer(api: &Api) -> TokenStream {
    let mut arms = RendererArms::default();
    let mut builders: Vec<(String, TokenStream)> = Vec::new();
    let mut texts_html = false;
    for op in api.all_operations() {
        for response in &op.responses {
            let Some(body) = &response.body else { continue };
            let status = response.status;
            let refusal = match status {
                StatusSpec::Code(code) => code >= 400,
                StatusSpec::Range(hundreds) => hundreds >= 4,
                StatusSpec::Default => true,
            };
            if !refusal {
                continue;
            }
            let (id, media) = (&op.id, &response.media_type);
            // An error documented as text (box's `/authorize` answers `text/html`) is the
            // explanation as text.
            if response.kind == MediaKind::Text && resolve_alias(api, body).ty == Ty::String {
                let text = if media.starts_with("text/html") {
                    texts_html = true;
                    quote! { html_escape(&rejection.detail).into_bytes() }
                } else {
                    quote! { rejection.detail.clone().into_bytes() }
                };
                arms.add(id, status, quote! { (#text, #media) });
                continue;
            }
            let Ty::Named(name) = &resolve_alias(api, body).ty else { continue };
            let Some(rejection) = api.type_def(name).and_then(|t| t.rejection.as_ref()) else { continue };
            let crate::model::RejectionDef { template, builder, inferred } = rejection;
            let builder = ident(builder);
            if !builders.iter().any(|(n, _)| n == name) {
                let entries = if *inferred {
                    quote! { rejection.entries().iter() }
                } else {
                    quote! { rejection.violations.iter() }
                };
                let body = crate::rejection::build(template, &entries);
                builders.push((
                    name.clone(),
                    quote! {
                        #[allow(unused_variables)]
                        fn #builder(rejection: &Rejection) -> ::serde_json::Value {
                            #body
                        }
                    },
                ));
            }
            // The body goes out with the media type the operation documents for it.
            arms.add(id, status, quote! { (::serde_json::to_vec(&#builder(rejection)).unwrap_or_default(), #media) });
        }
    }
    let arms = arms.into_tokens();
    let builders = builders.into_iter().map(|(_, b)| b);
    let escape = texts_html.then(|| {
        quote! {
            /// The explanation, safe inside HTML.
            fn html_escape(text: &str) -> ::std::string::String {
                text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
            }
        }
    });
    let render = if arms.is_empty() {
        quote! { problem_json(rejection) }
    } else {
        quote! {
            let (body, media): (::std::vec::Vec<u8>, &str) = match (rejection.operation, rejection.status.as_u16()) {
                #(#arms)*
                _ => return problem_json(rejection),
            };
            let mut response = ::axum::response::IntoResponse::into_response((rejection.status, body));
            if let Ok(media) = ::axum::http::HeaderValue::from_str(media) {
                response.headers_mut().insert(::axum::http::header::CONTENT_TYPE, media);
            }
            response
        }
    };
    quote! {
        /// The default [`RenderRejection`]: the error body each operation documents for the
        /// status (exact, range or `default`), filled from its schema's `x-rejection` template
        /// or from a template the generator inferred from the schema's properties; RFC 9457
        /// `application/problem+json` (see [`problem_json`]) for what no operation documents.
        #[derive(Debug, Clone, Copy, Default)]
        pub struct SpecRenderer;

        impl RenderRejection for SpecRenderer {
            fn render(&self, rejection: &Rejection) -> ::axum::response::Response {
                #render
            }
        }

        #(#builders)*
        #escape

        #[allow(dead_code)] // Unused only by a spec without operations or webhooks (components alone).
        fn method_not_allowed<A>(shared: &Shared<A>, request: &::axum::extract::Request, allow: &'static str) -> ::axum::response::Response {
            let detail = format!("{} is not allowed here; allowed: {allow}", request.method());
            let mut response = shared.reject(request.headers(), None, ::axum::http::StatusCode::METHOD_NOT_ALLOWED, detail, ::std::vec::Vec::new());
            response.headers_mut().insert(::axum::http::header::ALLOW, ::axum::http::HeaderValue::from_static(allow));
            response
        }
    }
}

/// The arms of `SpecRenderer::render`, one per status and body, each listing the operations
/// that answer it: nexus' 193 operations share two.
#[derive(Default)]
struct RendererArms {
    /// Status, the body's expression (its text is the key) and the operations, in order of
    /// first appearance.
    arms: Vec<(StatusSpec, String, TokenStream, Vec<String>)>,
}

impl RendererArms {
    fn add(&mut self, operation: &str, status: StatusSpec, action: TokenStream) {
        let key = action.to_string();
        match self.arms.iter_mut().find(|(s, k, _, _)| *s == status && *k == key) {
            Some((_, _, _, operations)) => operations.push(operation.to_string()),
            None => self.arms.push((status, key, action, vec![operation.to_string()])),
        }
    }

    /// The match arms: exact statuses before ranges before `default`, as OpenAPI ranks them,
    /// so an operation's `404` wins over its `4XX`. Statuses of one rank never overlap.
    fn into_tokens(mut self) -> Vec<TokenStream> {
        self.arms.sort_by_key(|(status, _, _, _)| match status {
            StatusSpec::Code(_) => 0,
            StatusSpec::Range(_) => 1,
            StatusSpec::Default => 2,
        });
        self.arms
            .into_iter()
            .map(|(status, _, action, operations)| {
                let status = super::status_pattern(status);
                quote! { (::std::option::Option::Some(#(#operations)|*), #status) => #action, }
            })
            .collect()
    }
}

/// An expression turning `raw` (a `&str`) into the JSON value the parameter's schema is checked
/// against: numbers and booleans are parsed when they parse, and left as strings otherwise so
/// the check reports the wrong type.
fn to_json(api: &Api, raw: TokenStream, tu: &TypeUse) -> TokenStream {
    let resolved = resolve_alias(api, tu);
    let kind = match &resolved.ty {
        Ty::Bool => quote! { Scalar::Boolean },
        Ty::Int(_) => quote! { Scalar::Integer },
        Ty::F32 | Ty::F64 => quote! { Scalar::Number },
        Ty::Json => quote! { Scalar::Json },
        Ty::Vec(item) => {
            let item = to_json(api, quote! { raw }, item);
            return quote! {
                ::serde_json::Value::Array(#raw.split(',').filter(|raw| !raw.is_empty()).map(|raw| #item).collect())
            };
        }
        _ => quote! { Scalar::String },
    };
    quote! { scalar(#raw, #kind) }
}

fn handler(api: &Api, patterns: &mut Patterns, op: &Operation, side: Side) -> TokenStream {
    let bound = side.trait_ident();
    let invalid =
        if op.invalid_status == 400 { format_ident!("BAD_REQUEST") } else { format_ident!("UNPROCESSABLE_ENTITY") };
    let fn_name = ident(&op.fn_name);
    let handler = ident(&op.handler);
    let request_type = ident(&op.types.request);
    let id = &op.id;
    // Each required credential in turn; the first one missing answers 401.
    let auth = op.security.iter().map(|&i| credential_check(&api.credentials[i]));
    // A required `Authorization` header declared as a parameter (keeper.json) guards the
    // operation like a security scheme: missing, it is a 401 with a challenge, checked before
    // anything else; broken, the same once the parameter has been checked.
    let authorization = op
        .params
        .iter()
        .find(|p| p.location == ParamIn::Header && p.required && p.wire_name.eq_ignore_ascii_case("authorization"));
    let (auth_param, auth_param_broken) = match authorization {
        Some(param) => {
            let wire = &param.wire_name;
            let pointer = format!("/{wire}");
            let unauthorized = quote! {
                return shared.unauthorized(&parts.headers, OPERATION, crate::validation::Source::Header, #wire, "`Authorization` header", ::std::option::Option::Some("Bearer"));
            };
            (
                quote! {
                    if parts.headers.get(::axum::http::header::AUTHORIZATION).is_none_or(|value| value.as_bytes().iter().all(u8::is_ascii_whitespace)) {
                        #unauthorized
                    }
                },
                quote! {
                    if errors.iter().any(|v| v.source == crate::validation::Source::Header && v.pointer == #pointer) {
                        #unauthorized
                    }
                },
            )
        }
        None => (TokenStream::new(), TokenStream::new()),
    };
    let auth = quote! { #(#auth)* #auth_param };
    let has_path = op.params.iter().any(|p| p.location == ParamIn::Path);
    let path_params = has_path.then(|| {
        quote! {
            let path_params = match shared.path_params(&mut parts, OPERATION).await {
                Ok(params) => params,
                Err(response) => return response,
            };
        }
    });
    let has_query = op.params.iter().any(|p| p.location == ParamIn::Query);
    let query = has_query.then(|| {
        quote! {
            let query = query_pairs(&parts.uri);
        }
    });
    let has_cookie = op.params.iter().any(|p| p.location == ParamIn::Cookie);
    let cookies = has_cookie.then(|| {
        quote! { let cookies = cookie_pairs(&parts.headers); }
    });
    // The path key's own pairs (`beta=true`) are claimed too: they are no free-form parameter's.
    let query_names: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.location == ParamIn::Query)
        .map(|p| p.wire_name.clone())
        .chain(op.key_query.iter().map(|(name, _)| name.clone()))
        .collect();
    let sharing = op.params.iter().filter(|p| takes_unclaimed_pairs(api, p)).count() > 1;
    let extract_params: Vec<TokenStream> =
        op.params.iter().map(|p| extract_param(api, patterns, p, &query_names, sharing)).collect();
    let body = op.body.as_ref().map(|b| match &b.content {
        None => read_body(api, patterns, op, b),
        Some(name) => read_content(api, patterns, op, b, &ident(name)),
    });
    let body_param = if op.body.is_some() {
        quote! { body }
    } else {
        quote! { _body }
    };
    // Every required value was checked above; a `None` here means its violation is in `errors`.
    let mut unwraps = Vec::new();
    for p in &op.params {
        if p.required {
            let local = local_ident(&p.name);
            unwraps.push(
                quote! { let ::std::option::Option::Some(#local) = #local else { return shared.invalid(&parts.headers, OPERATION, INVALID, errors) }; },
            );
        }
    }
    if op.body.as_ref().is_some_and(|b| b.required) {
        unwraps.push(quote! { let ::std::option::Option::Some(body) = body else { return shared.invalid(&parts.headers, OPERATION, INVALID, errors) }; });
    }
    let fields = op.params.iter().map(|p| {
        let field = ident(&p.name);
        let local = local_ident(&p.name);
        quote! { #field: #local }
    });
    let body_field = op.body.as_ref().map(|_| quote! { body, });
    let token_field = op.security.iter().map(|&i| {
        let field = &api.credentials[i].field;
        let local = credential_local(field);
        let field = ident(field);
        quote! { #field: #local, }
    });
    let token_field = quote! { #(#token_field)* };
    let upgrade = op.responses.iter().any(|r| r.status == StatusSpec::Code(101)).then(upgrade_check);
    // Only what the operation reads is declared, so that nothing needs an `allow`.
    let checks = !op.params.is_empty() || op.body.is_some();
    let (invalid_const, errors, refuse) = if checks {
        (
            // The status for a request that breaks the rules: the one the operation documents.
            quote! { const INVALID: ::axum::http::StatusCode = ::axum::http::StatusCode::#invalid; },
            quote! { let errors = &mut ::std::vec::Vec::new(); },
            quote! {
                if !errors.is_empty() {
                    return shared.invalid(&parts.headers, OPERATION, INVALID, errors);
                }
            },
        )
    } else {
        (TokenStream::new(), TokenStream::new(), TokenStream::new())
    };
    let mutable = has_path.then(|| quote! { mut });
    quote! {
        async fn #handler<A: #bound>(
            ::axum::extract::State(shared): ::axum::extract::State<::std::sync::Arc<Shared<A>>>,
            request: ::axum::extract::Request,
        ) -> ::axum::response::Response {
            const OPERATION: &str = #id;
            #invalid_const
            let (#mutable parts, #body_param) = request.into_parts();
            #auth
            #errors
            #path_params
            #query
            #cookies
            #(#extract_params)*
            #auth_param_broken
            #body
            #refuse
            #upgrade
            #(#unwraps)*
            let request_id = parts.headers.get("x-request-id").cloned();
            let request = #request_type { #(#fields,)* #body_field #token_field parts };
            // Called through the trait: an operation named like a method of `Arc` (`clone`)
            // must still reach the implementation.
            let answer = <A as #bound>::#fn_name(&shared.api, request);
            shared.respond(OPERATION, request_id, answer).await
        }
    }
}

/// Reads a body that comes in several forms into its `…Content` enum, by the request's
/// `Content-Type`: multipart, a media type the generator does not model (as bytes), or the
/// generated form, which also answers a missing or unknown one.
fn read_content(
    api: &Api,
    patterns: &mut Patterns,
    op: &Operation,
    b: &crate::model::Body,
    name: &proc_macro2::Ident,
) -> TokenStream {
    let primary = primary_variant(b.kind);
    let generated = read_body(api, patterns, op, b);
    let multipart = b.multipart.as_ref().map(|choice| {
        let read = read_body(api, patterns, op, &choice.body);
        quote! {
            if is_media(&parts.headers, "multipart/form-data") {
                #read
                body.map(#name::Multipart)
            } else
        }
    });
    let other = b.others.split_first().map(|(first, rest)| {
        let raw = crate::model::Body {
            ty: TypeUse::plain(crate::model::Ty::Bytes),
            media_type: first.clone(),
            also_accepted: rest.to_vec(),
            kind: MediaKind::Binary,
            parts: None,
            multipart: None,
            media_types: None,
            others: Vec::new(),
            content: None,
            form_too: false,
            ..b.clone()
        };
        let read = read_body(api, patterns, op, &raw);
        let others = &b.others;
        // A media type the generated form declares goes there, even when a range among the
        // others (`*/*`) would take it too.
        let form = b.form_too.then(|| "application/x-www-form-urlencoded".to_string());
        let generated = std::iter::once(&b.media_type).chain(&b.also_accepted).chain(&form);
        quote! {
            if is_other_media(&parts.headers, &[#(#generated),*], &[#(#others),*]) {
                #read
                body.map(#name::Other)
            } else
        }
    });
    quote! {
        let body: ::std::option::Option<#name> = #multipart #other {
            #generated
            body.map(#name::#primary)
        };
    }
}

/// Statements reading one request body into `let body: Option<T>`, with its violations in
/// `errors`.
fn read_body(api: &Api, patterns: &mut Patterns, op: &Operation, b: &crate::model::Body) -> TokenStream {
    let ty = rust_type(&b.ty);
    if b.form_too {
        // The same schema as a form: read by the request's Content-Type.
        let form =
            read_body(api, patterns, op, &crate::model::Body { kind: MediaKind::Form, form_too: false, ..b.clone() });
        let json = read_body(api, patterns, op, &crate::model::Body { form_too: false, ..b.clone() });
        return quote! {
            let body: ::std::option::Option<#ty> = if is_media(&parts.headers, "application/x-www-form-urlencoded") {
                #form
                body
            } else {
                #json
                body
            };
        };
    }
    let required = b.required;
    // A body that cannot be read is a 400, unless the operation documents only 422 for a
    // refused request (GitHub's): then it is a 422, like any other broken rule.
    let as_422 = op.malformed_status == 422;
    let reject = quote! { Err(error) => return shared.unreadable(&parts.headers, OPERATION, error, #as_422), };
    match b.kind {
        MediaKind::Json | MediaKind::Form => {
            let check = check_or_pass(api, patterns, &b.ty);
            if b.kind == MediaKind::Json {
                return quote! {
                    let body: ::std::option::Option<#ty> = match json_body(&parts.headers, body, shared.options.body_limit, #required, errors, #check).await {
                        Ok(body) => body,
                        #reject
                    };
                };
            }
            let coerce = super::coerce::coerce(api, quote! { &mut value }, &b.ty, 0);
            quote! {
                let body: ::std::option::Option<#ty> = match read_form(&parts.headers, body, shared.options.body_limit, #required, errors).await {
                    Ok(::std::option::Option::Some(value)) => {
                        #[allow(unused_mut)]
                        let mut value = value;
                        #coerce
                        check_decode(value, &crate::validation::BODY, errors, #check)
                    }
                    Ok(::std::option::Option::None) => ::std::option::Option::None,
                    #reject
                };
            }
        }
        MediaKind::Text | MediaKind::Binary | MediaKind::Multipart => {
            // `text/*` or `*/*` accept a family; a multipart body keeps its own boundary.
            let declared: Vec<String> = std::iter::once(&b.media_type)
                .chain(&b.also_accepted)
                .map(|media| crate::lower::essence(media))
                .collect();
            let tests = declared.iter().map(|declared| match declared.split_once('/') {
                Some((family, "*")) => {
                    let prefix = format!("{family}/");
                    quote! { essence.starts_with(#prefix) }
                }
                _ => quote! { essence == #declared },
            });
            let accepts = if declared.iter().any(|d| d == "*/*") {
                quote! { |_| true }
            } else {
                quote! { |essence| #(#tests)||* }
            };
            let convert = match (b.kind, &b.parts) {
                (MediaKind::Multipart, Some(schema)) => {
                    let check = check_or_pass(api, patterns, schema);
                    let coerce = super::coerce::coerce_parts(api, quote! { &mut value }, schema);
                    quote! {{
                        match read_multipart(&parts.headers, bytes.clone()).await {
                            Ok(value) => {
                                #[allow(unused_mut)]
                                let mut value = value;
                                #coerce
                                let check: crate::validation::Check = #check;
                                check(&value, &crate::validation::BODY, errors);
                            }
                            Err(detail) => return shared.unreadable(&parts.headers, OPERATION, (::axum::http::StatusCode::BAD_REQUEST, detail), #as_422),
                        }
                        ::std::option::Option::Some(bytes.to_vec())
                    }}
                }
                (MediaKind::Text, _) => quote! {
                    match ::std::string::String::from_utf8(bytes.to_vec()) {
                        Ok(text) => ::std::option::Option::Some(text),
                        Err(_) => return shared.unreadable(&parts.headers, OPERATION, (::axum::http::StatusCode::BAD_REQUEST, "the request body is not UTF-8 text".into()), #as_422),
                    }
                },
                _ => quote! { ::std::option::Option::Some(bytes.to_vec()) },
            };
            let media = &b.media_type;
            quote! {
                let body: ::std::option::Option<#ty> = match read_raw(&parts.headers, body, shared.options.body_limit, #required, #accepts, #media, errors).await {
                    Ok(::std::option::Option::Some(bytes)) => #convert,
                    Ok(::std::option::Option::None) => ::std::option::Option::None,
                    #reject
                };
            }
        }
    }
}

/// An operation whose success is `101 Switching Protocols` (a websocket, as Dropshot documents
/// it) can only be asked for with an upgrade; a plain request is the caller's mistake: 426
/// Upgrade Required, naming the protocol, rather than an answer the operation cannot give.
fn upgrade_check() -> TokenStream {
    quote! {
        let upgrading = parts.headers.contains_key(::axum::http::header::UPGRADE)
            && parts.headers.get_all(::axum::http::header::CONNECTION).iter().any(|value| {
                value.to_str().is_ok_and(|value| value.split(',').any(|token| token.trim().eq_ignore_ascii_case("upgrade")))
            });
        if !upgrading {
            let detail = "this operation switches protocols (101): send `Connection: Upgrade` and `Upgrade: websocket`";
            let mut response = shared.reject(&parts.headers, Some(OPERATION), ::axum::http::StatusCode::UPGRADE_REQUIRED, detail, ::std::vec::Vec::new());
            response.headers_mut().insert(::axum::http::header::UPGRADE, ::axum::http::HeaderValue::from_static("websocket"));
            return response;
        }
    }
}

/// Whether a parameter is an object in the query, in form style, with no declared properties:
/// on the wire it is bare `key=value` pairs, so it takes every pair no other parameter names.
fn takes_unclaimed_pairs(api: &Api, param: &Param) -> bool {
    param.location == ParamIn::Query
        && !param.deep_object
        && super::is_object(api, &param.ty)
        && declared_properties(api, &param.ty).is_empty()
}

/// The wire names of the properties a query object declares (none for a map).
fn declared_properties<'a>(api: &'a Api, ty: &TypeUse) -> Vec<&'a str> {
    match &resolve_alias(api, ty).ty {
        Ty::Named(name) => match api.type_def(name).map(|t| &t.kind) {
            Some(crate::model::TypeKind::Struct(def)) => def.fields.iter().map(|f| f.wire_name.as_str()).collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Statements that bind the parameter's variable as `Option<T>`, recording violations.
/// `sharing`: several parameters take the unclaimed query pairs (see [`takes_unclaimed_pairs`]).
fn extract_param(api: &Api, patterns: &mut Patterns, param: &Param, siblings: &[String], sharing: bool) -> TokenStream {
    let name = local_ident(&param.name);
    let wire = &param.wire_name;
    let source = source_ident(param.location);
    let ty = rust_type(&param.ty);
    let resolved = resolve_alias(api, &param.ty);
    let raw = match param.location {
        ParamIn::Path => match &param.route_key {
            Some(crate::model::RouteKey { name, prefix, suffix }) if prefix.is_empty() && suffix.is_empty() => {
                quote! { path_value(&path_params, #name) }
            }
            // A segment whose text does not match leaves the parameter missing.
            Some(crate::model::RouteKey { name, prefix, suffix }) => quote! {
                path_value(&path_params, #name).and_then(|value| value.strip_prefix(#prefix)?.strip_suffix(#suffix))
            },
            None => quote! { path_value(&path_params, #wire) },
        },
        // `allowEmptyValue`: `?name=` is the parameter not given, unless it is text, whose
        // empty value is the empty string (incident.io's required `schedule_id`).
        ParamIn::Query if param.allow_empty && resolve_alias(api, &param.ty).ty != Ty::String => {
            match &param.empty_default {
                // With a default, `?name=` stands for it.
                Some(text) => quote! {
                    query.iter().find(|(name, _)| name == #wire).map(|(_, value)| if value.is_empty() { #text } else { value.as_str() })
                },
                None => quote! {
                    query.iter().find(|(name, value)| name == #wire && !value.is_empty()).map(|(_, value)| value.as_str())
                },
            }
        }
        ParamIn::Query => quote! { query_value(&query, #wire) },
        ParamIn::Header => quote! { parts.headers.get(#wire).map(|value| value.to_str().unwrap_or("\u{fffd}")) },
        ParamIn::Cookie => quote! { cookies.iter().find(|(name, _)| name == #wire).map(|(_, value)| value.as_str()) },
    };
    let exploded_query =
        param.location == ParamIn::Query && param.explode && matches!(resolved.ty, Ty::Vec(_)) && !resolved.nullable;
    let object = param.location == ParamIn::Query && super::is_object(api, &param.ty);
    let value = match (&resolved.ty, exploded_query) {
        _ if object => {
            let coerce = super::coerce::coerce(api, quote! { &mut value }, &param.ty, 0);
            let share = match &resolved.ty {
                Ty::Map(item) if sharing && takes_unclaimed_pairs(api, param) => share_pairs(api, patterns, item),
                _ => TokenStream::new(),
            };
            // A shared map left with no entry is absent, like one given no pairs.
            let result = if share.is_empty() {
                quote! { ::std::option::Option::Some(value) }
            } else {
                quote! { value.as_object().is_none_or(|entries| !entries.is_empty()).then_some(value) }
            };
            let select = if param.deep_object {
                quote! { deep_object_pairs(&query, #wire) }
            } else {
                // Form style with explode: the object's properties are query keys of their own;
                // a map takes every key no other parameter claims.
                let claimed = declared_properties(api, &param.ty);
                if claimed.is_empty() {
                    let others: Vec<&str> = siblings.iter().map(String::as_str).collect();
                    quote! { query.iter().filter(|(name, _)| ![#(#others),*].contains(&name.as_str())).cloned().collect() }
                } else {
                    quote! { query.iter().filter(|(name, _)| [#(#claimed),*].contains(&name.as_str())).cloned().collect() }
                }
            };
            quote! {
                {
                    let pairs: ::std::vec::Vec<(::std::string::String, ::std::string::String)> = #select;
                    if pairs.is_empty() {
                        ::std::option::Option::None
                    } else {
                        #[allow(unused_mut)]
                        let mut value = form_value(pairs.into_iter());
                        #coerce
                        #share
                        #result
                    }
                }
            }
        }
        (Ty::Vec(item), true) => {
            let item = to_json(api, quote! { raw }, item);
            quote! {
                {
                    let values: ::std::vec::Vec<::serde_json::Value> =
                        query.iter().filter(|(name, _)| name == #wire).map(|(_, raw)| #item).collect();
                    (!values.is_empty()).then_some(::serde_json::Value::Array(values))
                }
            }
        }
        // A union: text, or with `deepObject` the `name[key]` pairs of an object alternative
        // (Stripe's `created`: an integer, or `created[gt]=…`), coerced as the union allows.
        _ if is_union(api, &param.ty) => {
            let coerce = super::coerce::coerce(api, quote! { &mut value }, &param.ty, 0);
            // A union of texts (nexus' `NameOrId`) takes the text as it came.
            let text = if coerce.is_empty() {
                quote! { #raw.map(|raw| ::serde_json::Value::String(raw.to_string())) }
            } else {
                quote! {
                match #raw {
                    ::std::option::Option::Some(raw) => {
                        #[allow(unused_mut)]
                        let mut value = ::serde_json::Value::String(raw.to_string());
                        #coerce
                        ::std::option::Option::Some(value)
                    }
                    ::std::option::Option::None => ::std::option::Option::None,
                }
                }
            };
            if param.deep_object {
                quote! {
                    {
                        let pairs = deep_object_pairs(&query, #wire);
                        if pairs.is_empty() {
                            #text
                        } else {
                            #[allow(unused_mut)]
                            let mut value = form_value(pairs.into_iter());
                            #coerce
                            ::std::option::Option::Some(value)
                        }
                    }
                }
            } else {
                text
            }
        }
        _ => {
            let convert = to_json(api, quote! { raw }, &param.ty);
            quote! { #raw.map(|raw| #convert) }
        }
    };
    let required = param.required;
    let check = check_or_pass(api, patterns, &param.ty);
    quote! {
        let #name: ::std::option::Option<#ty> = param(crate::validation::Source::#source, #wire, #required, #value, errors, #check);
    }
}

/// Whether a use is (an alias of) a union.
fn is_union(api: &Api, tu: &TypeUse) -> bool {
    match &resolve_alias(api, tu).ty {
        Ty::Named(name) => matches!(api.type_def(name).map(|t| &t.kind), Some(crate::model::TypeKind::Union(_))),
        _ => false,
    }
}

/// Keeps the entries of a shared map (see [`takes_unclaimed_pairs`]) that are valid values of
/// its `item`: pairs that cannot be told apart on the wire go to every parameter they fit, and a
/// request the spec allows is never refused because its pairs were ambiguous.
fn share_pairs(api: &Api, patterns: &mut Patterns, item: &TypeUse) -> TokenStream {
    let item_ty = rust_type(item);
    let checks = value_checks(api, patterns, quote! { value_ref }, quote! { location }, item);
    quote! {
        if let ::serde_json::Value::Object(entries) = &mut value {
            entries.retain(|_, value_ref| {
                let mut found: ::std::vec::Vec<crate::validation::Violation> = ::std::vec::Vec::new();
                {
                    #[allow(unused_variables)]
                    let (location, errors) =
                        (&crate::validation::Location::root(crate::validation::Source::Query), &mut found);
                    #checks
                }
                found.is_empty() && ::serde_json::from_value::<#item_ty>(value_ref.clone()).is_ok()
            });
        }
    }
}

/// The local holding a credential inside a handler, apart from the handler's own locals.
fn credential_local(field: &str) -> proc_macro2::Ident {
    quote::format_ident!("__credential_{}", field.trim_start_matches("r#"))
}

/// Reads one required credential into its local, or answers 401.
fn credential_check(credential: &Credential) -> TokenStream {
    let local = credential_local(&credential.field);
    match &credential.kind {
        CredentialKind::Bearer => quote! {
            let ::std::option::Option::Some(#local) = shared.authenticate(&parts.headers) else {
                return shared.unauthorized(&parts.headers, OPERATION, crate::validation::Source::Header, "Authorization", "`Authorization: Bearer <token>` header", ::std::option::Option::Some("Bearer"));
            };
        },
        CredentialKind::Basic => quote! {
            let credentials = BasicCredentials::from_headers(&parts.headers).filter(|c| {
                shared.options.basic_check.as_ref().is_none_or(|check| check(&c.username, &c.password))
            });
            let ::std::option::Option::Some(#local) = credentials else {
                return shared.unauthorized(&parts.headers, OPERATION, crate::validation::Source::Header, "Authorization", "`Authorization: Basic <credentials>` header", ::std::option::Option::Some("Basic"));
            };
        },
        CredentialKind::ApiKey { location, name } => {
            let (source, lookup) = match location {
                ParamIn::Query => (
                    quote! { Query },
                    quote! {
                        ::form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes())
                            .find(|(key, _)| key == #name)
                            .map(|(_, value)| value.into_owned())
                    },
                ),
                ParamIn::Cookie => (
                    quote! { Cookie },
                    quote! { cookie_pairs(&parts.headers).into_iter().find(|(key, _)| key == #name).map(|(_, value)| value) },
                ),
                _ => (
                    quote! { Header },
                    quote! { parts.headers.get(#name).and_then(|value| value.to_str().ok()).map(str::to_string) },
                ),
            };
            let what = format!("`{name}` API key");
            quote! {
                let key = #lookup
                    .filter(|key| !key.is_empty())
                    .filter(|key| shared.options.key_check.as_ref().is_none_or(|check| check(#name, key)));
                let ::std::option::Option::Some(#local) = key.map(ApiKey) else {
                    return shared.unauthorized(&parts.headers, OPERATION, crate::validation::Source::#source, #name, #what, ::std::option::Option::None);
                };
            }
        }
    }
}
