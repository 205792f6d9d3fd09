"""One module per DVC stage (dvc.yaml), nothing else. A stage orchestrates lower layers and never
imports another stage: stages talk through the files between them."""
