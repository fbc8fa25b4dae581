/// The facts every loader shares with validation (assets, data errors, photo folders), seen
/// by whoever imports the loaders.
@_exported import Catalog
