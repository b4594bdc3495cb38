"""Exchange with GIS files: safe reading, column mapping, importers, exporters, PDOK download."""
