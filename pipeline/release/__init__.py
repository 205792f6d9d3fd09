"""Tools on published packages: diff two versions, cut a release."""
