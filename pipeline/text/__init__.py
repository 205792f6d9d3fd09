"""Language machinery: sentence segmentation, dates, numbers, document dates. Knows no table."""
