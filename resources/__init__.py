"""Static resources (icons, fonts, label templates) shipped with labtracker."""
