//! The [`Client`] methods beside chat: embeddings, the model lists, the readiness check.

use crate::call::{CallFuture, Events, Kind};
use crate::client::{c_string, finish, Client, LibString};
use crate::embeddings::{EmbedRequest, Embeddings};
use crate::error::Result;
use crate::models::{Health, Model, ModelInfo};
use crate::sys;

fn vectors(document: String) -> Result<Vec<Vec<f32>>> {
    Ok(Embeddings::from_json(&document)?.vectors)
}

fn embeddings(document: String) -> Result<Embeddings> {
    Embeddings::from_json(&document)
}

fn models(document: String) -> Result<Vec<Model>> {
    Model::list_from_json(&document)
}

fn model_info(document: String) -> Result<Vec<ModelInfo>> {
    ModelInfo::list_from_json(&document)
}

fn health(document: String) -> Result<Health> {
    Health::from_json(&document)
}

impl Client {
    /// The embedding vector of each input, in input order: exactly the `f32`s the server sent
    /// (the library asks for base64 vectors and checks the answer: one finite vector per
    /// input, all of one length, else [`ErrorKind::BadResponse`](crate::ErrorKind::BadResponse)).
    /// Blocks until the call ends.
    ///
    /// ```no_run
    /// # fn main() -> litellm::Result<()> {
    /// # let client = litellm::Client::from_env()?;
    /// let request = litellm::EmbedRequest::new("text-embedding-3-small", ["first text", "second"]);
    /// let vectors: Vec<Vec<f32>> = client.embed(&request)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn embed(&self, request: &EmbedRequest) -> Result<Vec<Vec<f32>>> {
        vectors(self.embed_json(&request.to_json())?)
    }

    /// [`Client::embed`] with the rest of the answer: the model, the tokens, the cost.
    pub fn embed_details(&self, request: &EmbedRequest) -> Result<Embeddings> {
        embeddings(self.embed_json(&request.to_json())?)
    }

    /// The raw form of [`Client::embed`]: the request JSON text in, the document out.
    pub fn embed_json(&self, request_json: &str) -> Result<String> {
        let request = c_string("request JSON", request_json)?;
        let mut out = LibString::null();
        // SAFETY: as in `generate_json`: a live client, a NUL-terminated request that outlives
        // the call, an out pointer whose string the guard frees.
        let status = unsafe { sys::litellm_embed(self.as_raw(), request.as_ptr(), out.out_ptr()) };
        finish(status, &out)
    }

    /// [`Client::embed`] without blocking; dropping the future cancels the call.
    pub fn embed_async(&self, request: &EmbedRequest) -> CallFuture<'_, Vec<Vec<f32>>> {
        CallFuture::new(self, Kind::Embed, &request.to_json(), Events::None, vectors)
    }

    /// The models the server serves (`/v1/models`). Blocks until the call ends.
    pub fn models(&self) -> Result<Vec<Model>> {
        Model::list_from_json(&self.models_json(None)?)
    }

    /// What LiteLLM knows of each deployment (`/v1/model/info`): limits, prices,
    /// capabilities. A server that is not LiteLLM answers 404: an
    /// [`ErrorKind::HttpStatus`](crate::ErrorKind::HttpStatus) error.
    pub fn model_info(&self) -> Result<Vec<ModelInfo>> {
        ModelInfo::list_from_json(&self.models_json(Some(r#"{"info":true}"#))?)
    }

    /// The raw form of [`Client::models`]: `None` (the model list) or a models request JSON
    /// text (`{"info": true, "request_id": ...}`) in, the document out.
    pub fn models_json(&self, request_json: Option<&str>) -> Result<String> {
        let request = request_json.map(|r| c_string("request JSON", r)).transpose()?;
        let mut out = LibString::null();
        // SAFETY: as in `embed_json`; a NULL request is allowed by litellm_models.
        let status = unsafe {
            sys::litellm_models(
                self.as_raw(),
                request.as_ref().map_or(std::ptr::null(), |r| r.as_ptr()),
                out.out_ptr(),
            )
        };
        finish(status, &out)
    }

    /// [`Client::models`] without blocking; dropping the future cancels the call.
    pub fn models_async(&self) -> CallFuture<'_, Vec<Model>> {
        CallFuture::new(self, Kind::Models, "{}", Events::None, models)
    }

    /// [`Client::model_info`] without blocking; dropping the future cancels the call.
    pub fn model_info_async(&self) -> CallFuture<'_, Vec<ModelInfo>> {
        CallFuture::new(self, Kind::Models, r#"{"info":true}"#, Events::None, model_info)
    }

    /// Whether the proxy is ready (`/health/readiness`, no model call). Blocks until the
    /// call ends. A server without the route answers 404: an
    /// [`ErrorKind::HttpStatus`](crate::ErrorKind::HttpStatus) error.
    pub fn health(&self) -> Result<Health> {
        Health::from_json(&self.health_json()?)
    }

    /// The raw form of [`Client::health`]: the document.
    pub fn health_json(&self) -> Result<String> {
        let mut out = LibString::null();
        // SAFETY: a live client; the out pointer's string is freed by the guard.
        let status = unsafe { sys::litellm_health(self.as_raw(), out.out_ptr()) };
        finish(status, &out)
    }

    /// [`Client::health`] without blocking; dropping the future cancels the call.
    pub fn health_async(&self) -> CallFuture<'_, Health> {
        CallFuture::new(self, Kind::Health, "{}", Events::None, health)
    }
}
