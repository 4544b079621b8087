//! Nothing here: the tests are in `tests/`. (Cargo needs a target in every package.)
