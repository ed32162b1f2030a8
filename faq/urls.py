from django.urls import path

from faq import views
from faq.feedback import feedback

app_name = "faq"
urlpatterns = [
    path("", views.home, name="home"),
    path("channels/<slug:slug>/", views.channel_detail, name="channel"),
    path("issues/<slug:slug>/", views.issue_detail, name="issue"),
    path("tips/<slug:slug>/", views.tip_detail, name="tip"),
    path("guide/<slug:slug>/", views.section_detail, name="section"),
    path("feedback/<str:kind>/<slug:slug>/", feedback, name="feedback"),
]
