from django.urls import path

from faq import views
from faq.feedback import feedback
from faq.feeds import RecentlyUpdatedFeed

app_name = "faq"
urlpatterns = [
    path("", views.home, name="home"),
    path("issues/", views.entry_list, {"kind": "issue"}, name="issues"),
    path("channels/", views.entry_list, {"kind": "channel"}, name="channels"),
    path("tips/", views.entry_list, {"kind": "tip"}, name="tips"),
    path("guide/", views.entry_list, {"kind": "section"}, name="sections"),
    path("questions/", views.entry_list, {"kind": "question"}, name="questions"),
    path("recent/", views.recent_list, name="recent"),
    path("feed/", RecentlyUpdatedFeed(), name="feed"),
    path("channels/<slug:slug>/", views.channel_detail, name="channel"),
    path("issues/<slug:slug>/", views.issue_detail, name="issue"),
    path("tips/<slug:slug>/", views.tip_detail, name="tip"),
    path("guide/<slug:slug>/", views.section_detail, name="section"),
    path("questions/<slug:slug>/", views.question_detail, name="question"),
    path("categories/<slug:slug>/", views.category_detail, name="category"),
    path("feedback/<str:kind>/<slug:slug>/", feedback, name="feedback"),
]
