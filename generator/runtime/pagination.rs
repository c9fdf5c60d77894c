//! Cursor pagination: the pages of a list operation as one stream of items, for the client's
//! `{op}_stream` methods.

use std::collections::HashSet;
use std::future::Future;

use futures_util::Stream;

/// One page: its items, and the cursor of the page after it when the page names one.
pub struct Page<T> {
    /// The page's items, in order.
    pub items: Vec<T>,
    /// The next page's cursor.
    pub next: Option<String>,
}

/// The items of every page, fetched one page at a time by `fetch`, given the cursor of the
/// page to fetch (`first` for the first). The stream follows each page's next cursor until a
/// page names none, an empty one, or one already followed: a server that hands out a cursor
/// twice would otherwise be asked for the same pages forever. The first error is yielded and
/// ends the stream. Rate limits are the client's: each page is one call, retried as the
/// client's policy says.
pub fn cursor_stream<T, E, F, Fut>(first: Option<String>, fetch: F) -> impl Stream<Item = Result<T, E>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, E>>,
{
    struct State<T, F> {
        fetch: F,
        /// The cursor of the next page to fetch; `None` once there is none.
        cursor: Option<Option<String>>,
        followed: HashSet<String>,
        items: std::vec::IntoIter<T>,
    }
    let followed = first.iter().cloned().collect();
    let state = State { fetch, cursor: Some(first), followed, items: Vec::new().into_iter() };
    futures_util::stream::unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.items.next() {
                return Some((Ok(item), state));
            }
            let cursor = state.cursor.take()?;
            match (state.fetch)(cursor).await {
                Err(error) => return Some((Err(error), state)),
                Ok(Page { items, next }) => {
                    state.items = items.into_iter();
                    let fresh = next.filter(|next| !next.is_empty() && state.followed.insert(next.clone()));
                    state.cursor = fresh.map(Some);
                }
            }
        }
    })
}
