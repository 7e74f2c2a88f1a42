"""Customer-service handbook generator: regulations kept as YAML, published as a site, PDFs and training.

Input: a project folder (docs/, forms/, mkdocs.yml). Output: build/ (site, form PDFs, print PDFs).
Dependencies run one way (tests/test_layers.py checks it):

    errors, numerals, fileio       plain helpers
    yamlsource, model              YAML with positions; the pydantic schema of every file
    handbook, settings, cache      the in-memory Handbook; the user's mkdocs.yml; output cache
    linker, body, training,        reference checks; views the renderers share
    flowchart
    loader, pdf                    files → Handbook; HTML → PDF with font subsets
    site, forms, printing          the three renderers (never import each other)
    build, schema → serve → cli    the pipeline, JSON Schemas, live preview, the command line
"""
