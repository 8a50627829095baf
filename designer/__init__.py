"""State machines: named, versioned ASL definitions, their validation, import/export and the designer."""
