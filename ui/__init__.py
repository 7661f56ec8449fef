"""Streamlit building blocks shared by the pages: sidebar filters kept in the URL, cached data,
one chart renderer, the demo banner and the empty state."""
