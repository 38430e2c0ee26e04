"""Return operations, escorts, independent monitors, monitoring reports, incidents, complaints."""
