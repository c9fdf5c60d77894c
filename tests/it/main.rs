//! The one integration-test binary: generated client against generated server, drift,
//! determinism, real-world specs and the spec's own validity.

mod auth;
mod bad_requests;
mod bad_spec;
mod cli;
mod client;
mod compose;
mod configured;
mod constraints;
mod determinism;
mod docs;
mod drift;
mod examples;
mod generality;
mod hostile_names;
mod incident;
mod model_properties;
mod multifile;
mod mutation;
mod nexus;
mod openapi31;
mod pagination;
mod roundtrip;
mod self_contained;
mod server_growth;
mod shapes;
mod spec;
mod unions;
