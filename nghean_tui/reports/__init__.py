"""What supervisors and communes report: indicators, the drug-free / key-area criteria they are
measured against, and period reports as XLSX or CSV. Never imports Textual."""
