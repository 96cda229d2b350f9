"""What people take away: PDFs (certificates, candidate reports, provincial summaries),
workbooks, charts and maps, built from the domain objects of the other apps."""
