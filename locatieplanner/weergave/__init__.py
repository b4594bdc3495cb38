"""Presentation: SVG charts, Leaflet/folium maps, the dashboard and the renderers of the analysis."""
