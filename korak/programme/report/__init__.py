"""The highlights report: data (figures computed live), the chart, and the HTML and PDF renderings."""
